package dev.dangol.identity;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;

/** The register of members. */
public interface Citizens {

    /**
     * Registers a member, or returns the one already registered with this mobile number. Registering proves nothing
     * and signs nobody in: only a completed {@link IdentityVerification} does (the demo and tests use this).
     */
    Citizen register(String name, String phone);

    Optional<Citizen> find(PersonId id);

    Optional<Citizen> findByPhone(String phone);

    List<Citizen> all(int limit);

    /**
     * A name as stored: in Unicode NFC, surrounding space removed and inner runs of space made one; or a refusal
     * saying what a valid one looks like (1 to 50 characters, letters with spaces, '.', '-', apostrophes or '·').
     */
    static String normaliseName(String name) {
        String plain = name == null
                ? ""
                : Normalizer.normalize(name, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
        if (plain.isEmpty() || plain.length() > 50 || !plain.matches("\\p{L}[\\p{L}\\p{M} .'·-]*")) {
            throw Rejection.invalid("NAME_INVALID", "Give your name as 1 to 50 letters, as on your ID card.");
        }
        return plain;
    }

    /** A mobile number in its plain form, or a refusal saying what a valid one looks like. */
    static String normalisePhone(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[\\s-]", "");
        if (!digits.matches("01[016789][0-9]{7,8}")) {
            throw Rejection.invalid("PHONE_INVALID", "Give a Korean mobile number such as 010-1234-5678.");
        }
        return digits;
    }
}
