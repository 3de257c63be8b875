package dev.dangol.queue;

/** How likely a waiter is to get stock, from the budget left less holds and what the people ahead will likely buy. */
public enum Chance {
    LIKELY,
    UNCERTAIN,
    NO_STOCK_LEFT
}
