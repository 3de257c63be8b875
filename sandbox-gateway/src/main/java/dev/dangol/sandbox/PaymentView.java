package dev.dangol.sandbox;

/**
 * A payment as the sandbox shows it over HTTP, in its answers and in its webhooks.
 *
 * @param amount in won
 * @param decidedAt and {@code cancelledAt}: ISO-8601 instants; {@code cancelledAt} is null unless cancelled
 */
public record PaymentView(
        long sequence,
        String idempotencyKey,
        String status,
        String reference,
        long amount,
        String reason,
        String payer,
        String method,
        String description,
        String decidedAt,
        String cancelledAt) {

    public static PaymentView of(Payment payment) {
        return new PaymentView(
                payment.sequence(),
                payment.idempotencyKey(),
                payment.state().name(),
                payment.reference(),
                payment.amountKrw(),
                payment.reason(),
                payment.order().payer(),
                payment.order().source().name(),
                payment.order().description(),
                payment.decidedAt().toString(),
                payment.cancelledAt() == null ? null : payment.cancelledAt().toString());
    }

    /** The body of a webhook: the event's id (the same for a duplicate), its type and the payment. */
    public record Event(String eventId, String type, String occurredAt, PaymentView payment) {

        public static Event of(Webhook webhook) {
            return new Event(
                    webhook.eventId(),
                    webhook.type(),
                    webhook.occurredAt().toString(),
                    PaymentView.of(webhook.payment()));
        }
    }
}
