package dev.dangol.gateway;

import java.util.Objects;

/**
 * One payment as the gateway keeps it.
 *
 * @param sequence the order in which the gateway first saw the key, from 1
 * @param result its final state, reference and amount
 * @param payer the payer's id as Dangol sent it
 */
public record CapturedPayment(long sequence, PaymentResult result, String payer, String description) {

    public CapturedPayment {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(description, "description");
    }
}
