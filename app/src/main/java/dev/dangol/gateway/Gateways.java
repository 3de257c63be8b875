package dev.dangol.gateway;

import dev.dangol.gateway.internal.GatewayFactory;
import dev.dangol.sandbox.Payment;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.Sleeper;
import java.time.Duration;

/** Ways to reach the sandbox gateway outside Spring: for story tests and simulated launches in simulated time. */
public final class Gateways {

    private Gateways() {}

    /**
     * The in-process adapter over a sandbox: an answer slower than {@code clientTimeout} is {@link
     * PaymentStatus#UNKNOWN} to the caller while the charge stands, as on a real network.
     *
     * @param sleeper waits as long as an answer takes; a simulation passes one that does not sleep
     */
    public static PaymentGateway sandbox(SandboxGateway sandbox, Sleeper sleeper, Duration clientTimeout) {
        return GatewayFactory.sandbox(sandbox, sleeper, clientTimeout);
    }

    /** What a sandbox payment (in a webhook, say) tells Dangol. */
    public static PaymentResult result(Payment payment) {
        return GatewayFactory.result(payment);
    }
}
