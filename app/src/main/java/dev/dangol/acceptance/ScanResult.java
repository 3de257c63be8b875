package dev.dangol.acceptance;

import dev.dangol.merchant.Merchant;
import dev.dangol.shared.ProgramId;
import java.util.Objects;

/**
 * What a scanned code leads to. Every outcome carries a sentence the person holding the phone can act on; none is a
 * bare "invalid QR".
 */
public sealed interface ScanResult {

    /** A sentence for the person who scanned. */
    String message();

    /** The merchant accepts this program's vouchers: the citizen can pay. */
    record Resolved(Merchant merchant, ProgramId program, Operator issuer, String message) implements ScanResult {
        public Resolved {
            Objects.requireNonNull(merchant, "merchant");
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(issuer, "issuer");
            requireMessage(message);
        }
    }

    /**
     * The code cannot be read as any payment code: damaged, partly covered, cut off or not a payment code at all.
     *
     * @param problem a machine-readable name of what is wrong, such as {@code CRC_MISMATCH}
     */
    record Corrupt(String problem, String message) implements ScanResult {
        public Corrupt {
            requireMessage(problem);
            requireMessage(message);
        }
    }

    /**
     * The code is well formed but Dangol cannot tell which merchant it belongs to yet. Operators are alerted; the
     * person is offered a search for the merchant instead.
     *
     * @param searchText the merchant's name as the code gives it, or null when the code carries no name
     * @param searchLink where to search merchants by name near the person
     */
    record NotLinked(String searchText, String searchLink, String message) implements ScanResult {
        public NotLinked {
            requireMessage(searchLink);
            requireMessage(message);
        }
    }

    /** The merchant is barred for now. */
    record MerchantSuspended(Merchant merchant, String reason, String message) implements ScanResult {
        public MerchantSuspended {
            Objects.requireNonNull(merchant, "merchant");
            requireMessage(reason);
            requireMessage(message);
        }
    }

    /** The merchant has closed. */
    record MerchantClosed(Merchant merchant, String reason, String message) implements ScanResult {
        public MerchantClosed {
            Objects.requireNonNull(merchant, "merchant");
            requireMessage(reason);
            requireMessage(message);
        }
    }

    /** The merchant accepts vouchers, but not this program's. */
    record NotEligible(Merchant merchant, ProgramId program, String reason, String message) implements ScanResult {
        public NotEligible {
            Objects.requireNonNull(merchant, "merchant");
            Objects.requireNonNull(program, "program");
            requireMessage(reason);
            requireMessage(message);
        }
    }

    private static void requireMessage(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a scan outcome needs its words");
        }
    }
}
