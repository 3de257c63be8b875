package dev.dangol.sale.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.sale.Checkouts;
import dev.dangol.wallet.Wallets;
import java.time.Clock;
import java.time.Duration;

/** Builds the saga for {@link dev.dangol.sale.Sales}. */
public final class SaleFactory {

    private SaleFactory() {}

    public static Checkouts inMemory(
            WaitingRoom waitingRoom,
            Wallets wallets,
            PaymentGateway gateway,
            Clock clock,
            Duration reservationTime,
            Duration queueMargin,
            Duration notFoundAfter) {
        return new CheckoutSaga(
                waitingRoom,
                wallets,
                gateway,
                new InMemoryCheckoutRecords(),
                clock,
                SaleObserver.NONE,
                reservationTime,
                queueMargin,
                notFoundAfter);
    }
}
