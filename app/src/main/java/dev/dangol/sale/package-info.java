/**
 * Buying on launch day: an admitted person's budget hold becomes a purchase, paid through the payment gateway. The
 * purchase saga reserves in the ledger, asks the gateway with an idempotency key, and posts or voids; an unknown
 * outcome is resolved by asking the gateway again, and a late approval is honoured or refunded.
 */
package dev.dangol.sale;
