/**
 * The waiting room of a round: one place per verified person, signed tickets, the pre-queue draw, closed-loop
 * admission with budget holds, the wait estimate and the chance of getting stock, and sold-out.
 */
package dev.dangol.queue;
