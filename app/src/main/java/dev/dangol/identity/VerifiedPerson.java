package dev.dangol.identity;

import java.util.Objects;

/**
 * A person whose identity a verification proved.
 *
 * @param ci the person's CI (연계정보), the same for one person across phones, devices and services; never shown to
 *     anyone and stored only as a digest
 * @param name the name as verified
 * @param phone the mobile number in its plain form, for example {@code 01012345678}
 */
public record VerifiedPerson(String ci, String name, String phone) {

    public VerifiedPerson {
        Objects.requireNonNull(ci, "ci");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phone, "phone");
        if (ci.isBlank()) {
            throw new IllegalArgumentException("a CI must not be blank");
        }
    }

    /** Keeps the CI out of logs and messages. */
    @Override
    public String toString() {
        return "VerifiedPerson[name=" + name + ", phone=" + phone + "]";
    }
}
