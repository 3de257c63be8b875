/** Citizens' wallets: purchase lots, spending order, gifts, cancellations and refunds, expiry. */
package dev.dangol.wallet;
