package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentResult;
import java.time.Duration;

/** What the observed gateway reports, for metrics and logs. */
interface GatewayObserver {

    GatewayObserver NONE = new GatewayObserver() {};

    /** A call came back, with any outcome (unknown included), after {@code took}. */
    default void called(Operation operation, PaymentResult result, Duration took) {}

    /** The adapter threw where it should have answered; the caller got an unknown outcome instead. */
    default void adapterFailed(Operation operation, RuntimeException failure) {}

    /** The health probe asked the gateway about its unused key, and got an answer or none. */
    default void probed(boolean answered) {}

    /** The health probe failed in a way the observed gateway should have prevented: a bug, logged, not fatal. */
    default void probeFailed(RuntimeException failure) {}
}
