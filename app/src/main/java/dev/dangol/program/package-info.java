/** Voucher programs and their sale rounds: budgets, discounts, limits, validity, refund and gift rules. */
package dev.dangol.program;
