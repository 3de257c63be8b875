package dev.dangol.merchant;

import java.time.Instant;

/** Whether a merchant may accept vouchers now. */
public sealed interface MerchantStatus {

    /** Accepts vouchers. */
    record Active() implements MerchantStatus {}

    /** Temporarily barred, for example while a fraud report is investigated; its codes say so when scanned. */
    record Suspended(String reason, Instant since) implements MerchantStatus {
        public Suspended {
            requireReason(reason);
        }
    }

    /**
     * Closed for good: out of business, or missing from a full master-data file (a tombstone; the record and its
     * codes stay so that a scan can say why it fails and settlement can finish).
     */
    record Closed(String reason, Instant since) implements MerchantStatus {
        public Closed {
            requireReason(reason);
        }
    }

    MerchantStatus ACTIVE = new Active();

    default boolean accepts() {
        return this instanceof Active;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw new IllegalArgumentException("a suspension or closure needs a reason of 1 to 200 characters");
        }
    }
}
