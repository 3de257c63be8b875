package dev.dangol.acceptance;

import dev.dangol.shared.MerchantId;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A code given to a merchant, as printed. It names the merchant either by Dangol's id or by the agency id the issuing
 * operator knew it by; the registry resolves an agency id (aliases included) when the code is scanned.
 *
 * @param payload the exact text the sticker's QR code holds, never normalised
 * @param merchant Dangol's id of the merchant, or null when the code names an agency id
 * @param agencyId the agency's id of the merchant, or null when the code names Dangol's id
 */
public record IssuedCode(Operator operator, String payload, MerchantId merchant, String agencyId, LocalDate issuedOn) {

    public static final int PAYLOAD_MAX_LENGTH = 512;

    public IssuedCode {
        Objects.requireNonNull(operator, "operator");
        if (payload == null || payload.isEmpty() || payload.length() > PAYLOAD_MAX_LENGTH) {
            throw new IllegalArgumentException("a code's payload must be 1 to " + PAYLOAD_MAX_LENGTH + " characters");
        }
        if ((merchant == null) == (agencyId == null)) {
            throw new IllegalArgumentException("a code names a merchant by Dangol's id or by an agency id, not both");
        }
        if (agencyId != null && !agencyId.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("an agency id must be 1 to 40 letters, digits, '-' or '_'");
        }
        Objects.requireNonNull(issuedOn, "issuedOn");
    }

    /** How the code names its merchant, for reports: {@code merchant:<id>} or {@code agency:<id>}. */
    public String target() {
        return merchant != null ? "merchant:" + merchant.value() : "agency:" + agencyId;
    }
}
