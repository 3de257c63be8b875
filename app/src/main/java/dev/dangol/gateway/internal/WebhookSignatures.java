package dev.dangol.gateway.internal;

import dev.dangol.shared.Rejection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the signature of a gateway's webhook: {@value #HEADER}: {@code t=<epoch seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">} with the secret Dangol shares with the gateway. Several {@code v1} values may be given (a gateway
 * rotating its secret signs with both); one must match. The time must lie within the tolerance of Dangol's clock, so
 * that a webhook captured on the way cannot be replayed later. Comparison takes constant time.
 */
final class WebhookSignatures {

    static final String HEADER = "Gateway-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEADER_MAX = 1_000;

    private final SecretKeySpec key;
    private final Duration tolerance;
    private final Clock clock;

    WebhookSignatures(String secret, Duration tolerance, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("a webhook secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns if the body was signed with the shared secret, recently; otherwise refuses it. */
    void verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw Rejection.unauthenticated(
                    "WEBHOOK_SIGNATURE_MISSING", "A webhook must carry a " + HEADER + " header; this one has none.");
        }
        long sentAt = -1;
        List<byte[]> signatures = new ArrayList<>();
        if (header.length() <= HEADER_MAX) {
            for (String part : header.split(",")) {
                String item = part.trim();
                try {
                    if (item.startsWith("t=")) {
                        sentAt = Long.parseLong(item.substring(2));
                    } else if (item.startsWith("v1=")) {
                        signatures.add(HexFormat.of().parseHex(item.substring(3)));
                    }
                } catch (IllegalArgumentException e) {
                    sentAt = -1;
                    signatures.clear();
                    break;
                }
            }
        }
        if (sentAt < 0 || signatures.isEmpty()) {
            throw Rejection.invalid(
                    "WEBHOOK_SIGNATURE_MALFORMED",
                    "The " + HEADER + " header must read t=<epoch seconds>,v1=<hex HMAC-SHA256>.");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - sentAt) > tolerance.toSeconds()) {
            throw Rejection.unauthenticated(
                    "WEBHOOK_SIGNATURE_EXPIRED",
                    "The webhook was signed at " + sentAt + ", more than " + tolerance.toSeconds()
                            + " s from Dangol's time " + now + "; a fresh delivery is accepted.");
        }
        byte[] expected = mac(sentAt, body);
        for (byte[] signature : signatures) {
            if (MessageDigest.isEqual(expected, signature)) {
                return;
            }
        }
        throw Rejection.unauthenticated(
                "WEBHOOK_SIGNATURE_INVALID", "The webhook's signature does not match the secret Dangol shares.");
    }

    private byte[] mac(long sentAt, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((sentAt + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }
}
