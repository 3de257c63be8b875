package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentNotified;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives the gateway's webhooks: checks the signature on the raw body before reading anything in it, then publishes
 * the outcome as {@link PaymentNotified}. An exact repeat of a recent event (the same event id) is acknowledged and
 * dropped; older repeats and stale outcomes reach the listeners, which are idempotent.
 *
 * <p>Answers 204 once the event is handed over, so the gateway stops retrying; 401 for a missing, wrong or expired
 * signature, 400 for a malformed one or a body that is not a webhook, 503 while no secret is configured (the gateway
 * retries, and inquiries settle payments meanwhile).
 */
@RestController
class GatewayWebhookController {

    static final int BODY_MAX_BYTES = 64 * 1024;
    static final int RECENT_EVENTS_MAX = 10_000;

    private final WebhookSignatures signatures;
    private final ApplicationEventPublisher publisher;
    private final RecentEvents recent = new RecentEvents(RECENT_EVENTS_MAX);
    private final JsonMapper json = JsonMapper.builder().build();
    private final Counter accepted;
    private final Counter repeated;
    private final Counter refused;

    GatewayWebhookController(
            GatewayConfiguration.GatewayProperties properties,
            Clock clock,
            ApplicationEventPublisher publisher,
            MeterRegistry meters) {
        String secret = properties.webhookSecret();
        this.signatures = secret == null || secret.isEmpty()
                ? null
                : new WebhookSignatures(secret, properties.webhookToleranceOrDefault(), clock);
        this.publisher = publisher;
        this.accepted = webhooks(meters, "accepted");
        this.repeated = webhooks(meters, "repeated");
        this.refused = webhooks(meters, "refused");
    }

    private static Counter webhooks(MeterRegistry meters, String result) {
        return Counter.builder("dangol.gateway.webhooks")
                .description("Gateway webhooks received, by what became of them")
                .tag("result", result)
                .register(meters);
    }

    @PostMapping("/api/v1/gateway/webhooks")
    ResponseEntity<Void> receive(
            @RequestHeader(name = WebhookSignatures.HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        try {
            PaymentNotified notified = read(signature, body);
            if (notified == null) {
                repeated.increment();
            } else {
                publisher.publishEvent(notified);
                accepted.increment();
            }
            return ResponseEntity.noContent().build();
        } catch (Rejection rejection) {
            refused.increment();
            throw rejection;
        }
    }

    /** The event the body carries, or null for a recent repeat. */
    private PaymentNotified read(String signature, byte[] body) {
        if (signatures == null) {
            throw Rejection.unavailable(
                    "WEBHOOKS_NOT_CONFIGURED",
                    "Dangol has no webhook secret (dangol.gateway.webhook-secret), so it trusts no webhook yet.");
        }
        if (body == null || body.length == 0 || body.length > BODY_MAX_BYTES) {
            throw Rejection.invalid(
                    "WEBHOOK_MALFORMED", "A webhook body is a JSON event of at most " + BODY_MAX_BYTES + " bytes.");
        }
        signatures.verify(signature, body);
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JacksonException e) {
            throw malformed("it is not JSON");
        }
        String eventId = event.path("eventId").asString("");
        JsonNode payment = event.path("payment");
        String key = payment.path("idempotencyKey").asString("");
        if (eventId.isEmpty() || eventId.length() > 200 || key.isEmpty() || key.length() > 64) {
            throw malformed("it needs an eventId and a payment with its idempotencyKey");
        }
        PaymentStatus status = switch (payment.path("status").asString("")) {
            case "APPROVED" -> PaymentStatus.APPROVED;
            case "DECLINED" -> PaymentStatus.DECLINED;
            case "CANCELLED" -> PaymentStatus.CANCELLED;
            default -> throw malformed("a webhook reports a final status: APPROVED, DECLINED or CANCELLED");
        };
        JsonNode amount = payment.path("amount");
        if (!amount.canConvertToLong() || amount.asLong() < 0) {
            throw malformed("the payment's amount is missing");
        }
        if (!recent.firstTime(eventId)) {
            return null;
        }
        return new PaymentNotified(new PaymentResult(
                key,
                status,
                payment.path("reference").isString() ? payment.path("reference").asString() : null,
                Money.krw(amount.asLong()),
                payment.path("reason").isString() ? payment.path("reason").asString() : null));
    }

    private static Rejection malformed(String why) {
        return Rejection.invalid("WEBHOOK_MALFORMED", "The webhook could not be read: " + why + ".");
    }
}
