/**
 * The double-entry ledger, shaped like TigerBeetle's: accounts with balance constraints, single-phase and pending
 * transfers, linked chains, and the client's transfer id as idempotency key. Every movement of money, round budget
 * and personal limits is a transfer here; nothing else writes balances.
 */
package dev.dangol.ledger;
