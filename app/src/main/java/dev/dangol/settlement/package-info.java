/**
 * Settling merchants: each business day's voucher takings paid out less the fee of the merchant's revenue band, the
 * bank's payout file, merchants' statements, the subsidy claim a program sends its funding agency per round, and the
 * reconciliation of the ledger with itself and with the payment gateway. It reads the ledger; it writes only the
 * settlement's own transfers and its own records.
 */
package dev.dangol.settlement;
