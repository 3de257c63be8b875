package dev.dangol.gateway.internal;

import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.gateway.PaymentGateway;
import java.util.Objects;

/**
 * The adapter of the configured mode, before it is observed, and what it holds open (an HTTP client). Kept out of
 * the application context's {@code PaymentGateway} beans so that the observed gateway is the only one.
 */
record GatewayConnection(PaymentGateway gateway, GatewayCaptures captures, Runnable onClose) implements AutoCloseable {

    GatewayConnection {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(captures, "captures");
        Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public void close() {
        onClose.run();
    }
}
