package dev.dangol.identity;

import dev.dangol.shared.PersonId;
import java.util.List;
import java.util.Optional;

/** The register of members. */
public interface Citizens {

    /** Registers a member, or returns the one already registered with this mobile number. */
    Citizen register(String name, String phone);

    Optional<Citizen> find(PersonId id);

    Optional<Citizen> findByPhone(String phone);

    List<Citizen> all(int limit);

    /** A mobile number in its plain form, or a refusal saying what a valid one looks like. */
    static String normalisePhone(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[\\s-]", "");
        if (!digits.matches("01[016789][0-9]{7,8}")) {
            throw dev.dangol.shared.Rejection.invalid(
                    "PHONE_INVALID", "Give a Korean mobile number such as 010-1234-5678.");
        }
        return digits;
    }
}
