package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.sandbox.Payment;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.Sleeper;
import java.time.Duration;

/** Builds the in-process adapter for {@link dev.dangol.gateway.Gateways}. */
public final class GatewayFactory {

    private GatewayFactory() {}

    public static PaymentGateway sandbox(SandboxGateway sandbox, Sleeper sleeper, Duration clientTimeout) {
        return new SandboxPaymentGateway(sandbox, sleeper, clientTimeout);
    }

    public static PaymentResult result(Payment payment) {
        return SandboxPaymentGateway.result(payment);
    }
}
