package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a gateway call has no answer. Each becomes {@link PaymentStatus#UNKNOWN} with a reason that starts with the
 * failure's name ({@code TIMEOUT: no answer within 3 s}), so that metrics can count causes and a person reading a log
 * sees both the cause and the detail.
 */
enum GatewayFailure {
    /** No answer within the client's timeout: the call may have been applied. */
    TIMEOUT,
    /** The connection failed or was dropped: the call may have been applied. */
    CONNECTION,
    /** The gateway answered 5xx: by the usual contract nothing was done, but only an inquiry can tell. */
    SERVER_ERROR,
    /** The gateway said it is down (503). */
    OUTAGE,
    /** The gateway answered something Dangol cannot read. */
    BAD_ANSWER,
    /** The calling thread was interrupted while it waited. */
    INTERRUPTED,
    /** The adapter itself failed; the call may have been applied. */
    ADAPTER_FAILURE;

    PaymentResult result(String idempotencyKey, String detail) {
        return PaymentResult.unknown(idempotencyKey, name() + ": " + detail);
    }

    /** The metric tag of this failure, such as {@code server_error}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The failure an unknown result names, if it names one of these. */
    static Optional<GatewayFailure> of(PaymentResult result) {
        if (result.status() != PaymentStatus.UNKNOWN || result.reason() == null) {
            return Optional.empty();
        }
        int colon = result.reason().indexOf(':');
        String name = colon < 0 ? result.reason() : result.reason().substring(0, colon);
        for (GatewayFailure failure : values()) {
            if (failure.name().equals(name)) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }
}
