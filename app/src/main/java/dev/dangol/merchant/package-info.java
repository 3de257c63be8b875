/**
 * Merchants who accept vouchers: the registry, the sync with the agency's master data, which programs a merchant may
 * accept (its eligibility), and nearest-first search.
 */
package dev.dangol.merchant;
