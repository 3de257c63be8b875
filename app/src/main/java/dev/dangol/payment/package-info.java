/**
 * Paying merchants over the web: citizens' payments, consumer-presented one-time codes that a merchant scans, the
 * merchant's live feed and day list, same-day cancellation, auto-charge, and merchant membership links. The money
 * itself moves in the wallet module ({@link dev.dangol.wallet.MerchantPayments}).
 */
package dev.dangol.payment;
