package dev.dangol.gateway;

import java.util.Objects;

/**
 * A webhook from the gateway, published as an application event once its signature is checked. Gateways send
 * webhooks late and more than once; listeners must treat every one as possibly repeated or stale.
 */
public record PaymentNotified(PaymentResult result) {

    public PaymentNotified {
        Objects.requireNonNull(result, "result");
    }
}
