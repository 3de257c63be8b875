package dev.dangol.program;

import dev.dangol.shared.Money;

/**
 * A round's budget as the ledger holds it.
 *
 * @param remaining face value neither sold nor held
 * @param held face value reserved by purchases not yet confirmed
 * @param sold face value of confirmed purchases
 */
public record RoundBudget(Money total, Money remaining, Money held, Money sold) {}
