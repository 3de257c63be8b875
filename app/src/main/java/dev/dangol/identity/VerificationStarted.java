package dev.dangol.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A verification waiting for its code.
 *
 * @param devCode the code itself, only from the development adapter with {@code dangol.identity.dev-codes=true};
 *     otherwise null, because the code travels by text message to the phone alone
 */
public record VerificationStarted(String id, Instant expiresAt, String devCode) {

    public VerificationStarted {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
