package dev.dangol.gateway.internal;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.CapturedPayment;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.sandbox.Captures;
import dev.dangol.sandbox.Payment;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.shared.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The in-process sandbox's captures, read straight from it. A class of its own, not a face of the in-process
 * gateway, so that the application context holds exactly one {@code PaymentGateway}.
 */
final class SandboxCaptures implements GatewayCaptures {

    private final SandboxGateway sandbox;

    SandboxCaptures(SandboxGateway sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    }

    @Override
    public CaptureTotals totals() {
        Captures c = sandbox.captures();
        return new CaptureTotals(
                c.keys(),
                c.approvedCount(),
                Money.krw(c.approvedKrw()),
                c.declinedCount(),
                c.cancelledCount(),
                Money.krw(c.cancelledKrw()),
                c.capturedCount(),
                Money.krw(c.capturedKrw()),
                c.ordersCapturedTwice());
    }

    @Override
    public List<CapturedPayment> payments(long afterSequence, int limit) {
        List<CapturedPayment> page = new ArrayList<>();
        for (Payment payment : sandbox.payments(afterSequence, limit)) {
            page.add(new CapturedPayment(
                    payment.sequence(),
                    SandboxPaymentGateway.result(payment),
                    payment.order().payer(),
                    payment.order().description()));
        }
        return page;
    }
}
