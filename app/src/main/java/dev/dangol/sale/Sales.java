package dev.dangol.sale;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.wallet.Wallets;
import java.time.Clock;
import java.time.Duration;

/** Ways to build the purchase saga outside Spring: for story tests and simulated launches. */
public final class Sales {

    private Sales() {}

    /**
     * The saga with its checkouts kept in memory.
     *
     * @param reservationTime how long the wallet holds a reservation (the wallet's hold time)
     * @param queueMargin how much longer the waiting room keeps an in-checkout amount than the ledger
     * @param notFoundAfter how long after sending a charge a gateway that never heard of it means it never came
     */
    public static Checkouts inMemory(
            WaitingRoom waitingRoom,
            Wallets wallets,
            PaymentGateway gateway,
            Clock clock,
            Duration reservationTime,
            Duration queueMargin,
            Duration notFoundAfter) {
        return dev.dangol.sale.internal.SaleFactory.inMemory(
                waitingRoom, wallets, gateway, clock, reservationTime, queueMargin, notFoundAfter);
    }
}
