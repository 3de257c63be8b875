package dev.dangol.identity;

import dev.dangol.shared.PersonId;

/**
 * A member. Identity verification (the CI key from a carrier or PASS check) arrives with the launch-day work; until
 * then a citizen is registered by name and mobile number, and the number is what other members find them by.
 *
 * @param phone the mobile number in its plain form, for example {@code 01012345678}
 */
public record Citizen(PersonId id, String name, String phone) {

    /** The name as shown to others: every character but the first and last masked, as in 김*용. */
    public String maskedName() {
        if (name.length() <= 1) {
            return name;
        }
        if (name.length() == 2) {
            return name.charAt(0) + "*";
        }
        return name.charAt(0) + "*".repeat(name.length() - 2) + name.charAt(name.length() - 1);
    }

    /** The number as shown to others, as in 010-1234-****. */
    public String maskedPhone() {
        return phone.substring(0, 3) + "-" + phone.substring(3, phone.length() - 4) + "-****";
    }
}
