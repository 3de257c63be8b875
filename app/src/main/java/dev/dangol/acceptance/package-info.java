/**
 * Accepting vouchers at a merchant by QR code: Dangol's own EMV merchant-presented codes, the codes the two previous
 * operators printed (matched exactly as printed, through the registry of issued codes), a scan that always ends in a
 * typed outcome a person can act on, merchants' printable stickers, and the readiness report operators check before a
 * launch or a change of operator.
 */
package dev.dangol.acceptance;
