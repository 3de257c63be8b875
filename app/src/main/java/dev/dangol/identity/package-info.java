/**
 * Members of Dangol: sign-up through an identity-verification port that yields a stable person key, sessions with
 * roles (citizen, merchant, operator) that stay alive while their owner waits or pays, and linked funding sources.
 */
package dev.dangol.identity;
