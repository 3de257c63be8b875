package dev.dangol.payment.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.PaymentId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One-time codes a citizen shows and a merchant scans (consumer-presented, CPM). A code is 16 digits, 15 random and a
 * Luhn check digit, so that it fits a barcode or a QR code and can be typed, and a typing error is told apart from a
 * code that does not exist. It is valid for {@link #validity} and pays once.
 *
 * <p>With at most {@code capacity} codes outstanding and 10^15 possible codes, a guess finds a live code with odds
 * below one in ten billion. Codes stay known for {@link #REMEMBERED} past their expiry, so that a late scan hears
 * "expired" or "used" rather than "unknown". A person has one live code per program: a new one replaces it.
 *
 * <p>The book lives in this node's memory: a merchant's scan must reach the node that issued the code, which holds on
 * one node and behind a load balancer with sticky sessions; see decision 0013.
 */
final class ConsumerCodeBook {

    static final Duration REMEMBERED = Duration.ofMinutes(10);
    static final int DIGITS = 16;

    /** Where a code stands. */
    enum State {
        OPEN,
        /** A merchant's payment with it is being made. */
        CLAIMED,
        USED,
        /** The person asked for a new code. */
        REPLACED
    }

    private static final class Entry {
        final String code;
        final PersonId person;
        final ProgramId program;
        final Instant expiresAt;
        State state = State.OPEN;
        PaymentId payment;

        Entry(String code, PersonId person, ProgramId program, Instant expiresAt) {
            this.code = code;
            this.person = person;
            this.program = program;
            this.expiresAt = expiresAt;
        }
    }

    /** An issued code. */
    record Issued(String code, PersonId person, ProgramId program, Instant expiresAt) {}

    /** A code claimed for a payment: the payment goes ahead from this person's wallet of this program. */
    record Claim(String code, PersonId person, ProgramId program, PaymentId payment, boolean alreadyUsed) {}

    private final Clock clock;
    private final RandomGenerator random;
    private final Duration validity;
    private final int capacity;
    private final Map<String, Entry> codes = new HashMap<>();
    private final Map<String, Entry> live = new HashMap<>();

    ConsumerCodeBook(Clock clock, RandomGenerator random, Duration validity, int capacity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("a consumer code is valid for more than zero and at most 10 minutes");
        }
        if (capacity < 1 || capacity > 10_000_000) {
            throw new IllegalArgumentException("the code book holds 1 to 10,000,000 codes, not " + capacity);
        }
        this.clock = clock;
        this.random = random;
        this.validity = validity;
        this.capacity = capacity;
    }

    synchronized Issued issue(PersonId person, ProgramId program) {
        Instant now = clock.instant();
        if (codes.size() >= capacity) {
            forgetOld(now);
        }
        if (codes.size() >= capacity) {
            throw Rejection.unavailable(
                    "CONSUMER_CODES_BUSY", "Too many payment codes are in use right now; try again in a minute.");
        }
        Entry previous = live.get(liveKey(person, program));
        if (previous != null && previous.state == State.OPEN) {
            previous.state = State.REPLACED;
        }
        String code;
        do {
            code = newCode();
        } while (codes.containsKey(code));
        Entry entry = new Entry(code, person, program, now.plus(validity));
        codes.put(code, entry);
        live.put(liveKey(person, program), entry);
        return new Issued(code, person, program, entry.expiresAt);
    }

    /**
     * Claims a code for a merchant's payment. The same payment claiming a code it already used gets it back (a
     * retry); any other use of a used, expired, replaced or unknown code is refused with its own reason.
     */
    synchronized Claim claim(String typed, PaymentId payment) {
        String code = typed == null ? "" : typed.replace(" ", "").replace("-", "");
        if (!code.matches("[0-9]{" + DIGITS + "}")) {
            throw Rejection.invalid(
                    "CODE_MALFORMED", "A payment code is " + DIGITS + " digits; scan the customer's code again.");
        }
        if (!luhnHolds(code)) {
            throw Rejection.invalid("CODE_MISTYPED", "This payment code has a typing error; scan it or type it again.");
        }
        Entry entry = codes.get(code);
        Instant now = clock.instant();
        if (entry == null || !now.isBefore(entry.expiresAt.plus(REMEMBERED))) {
            throw Rejection.notFound(
                    "CODE_UNKNOWN",
                    "This payment code was not issued here or expired long ago; ask the customer to show a new one.");
        }
        if (entry.payment != null && entry.payment.equals(payment)) {
            return new Claim(code, entry.person, entry.program, payment, entry.state == State.USED);
        }
        return switch (entry.state) {
            case USED ->
                throw Rejection.refused(
                        "CODE_USED", "This payment code has already paid; ask the customer to show a new one.");
            case CLAIMED ->
                throw Rejection.conflict(
                        "CODE_IN_USE", "This payment code is being used for another payment right now.");
            case REPLACED ->
                throw Rejection.refused(
                        "CODE_REPLACED",
                        "The customer has asked for a newer payment code; scan the one on their screen now.");
            case OPEN -> {
                if (!now.isBefore(entry.expiresAt)) {
                    throw Rejection.refused(
                            "CODE_EXPIRED",
                            "This payment code expired (codes last " + validity.toSeconds()
                                    + " seconds); ask the customer to show a new one.");
                }
                entry.state = State.CLAIMED;
                entry.payment = payment;
                yield new Claim(code, entry.person, entry.program, payment, false);
            }
        };
    }

    /** The claimed payment went through: the code is used up. */
    synchronized void used(Claim claim) {
        Entry entry = codes.get(claim.code());
        if (entry != null && claim.payment().equals(entry.payment)) {
            entry.state = State.USED;
        }
    }

    /** The claimed payment was refused: the code may be scanned again while it is valid. */
    synchronized void release(Claim claim) {
        Entry entry = codes.get(claim.code());
        if (entry != null && entry.state == State.CLAIMED && claim.payment().equals(entry.payment)) {
            entry.state = State.OPEN;
            entry.payment = null;
        }
    }

    synchronized int size() {
        return codes.size();
    }

    /** Forgets codes past their expiry and the time they are remembered; returns how many. */
    synchronized int forgetOld(Instant now) {
        int forgotten = 0;
        for (Iterator<Entry> it = codes.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (!now.isBefore(entry.expiresAt.plus(REMEMBERED))) {
                it.remove();
                live.remove(liveKey(entry.person, entry.program), entry);
                forgotten++;
            }
        }
        return forgotten;
    }

    private static String liveKey(PersonId person, ProgramId program) {
        return person.value() + "/" + program.value();
    }

    private String newCode() {
        StringBuilder digits = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS - 1; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        digits.append(checkDigit(digits));
        return digits.toString();
    }

    static boolean luhnHolds(String digits) {
        return checkDigit(digits.substring(0, digits.length() - 1)) == digits.charAt(digits.length() - 1);
    }

    /** The Luhn check digit of the digits, as payment cards use. */
    static char checkDigit(CharSequence digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }
}
