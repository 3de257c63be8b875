package dev.dangol.payment.internal;

import dev.dangol.shared.Luhn;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.PaymentId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>The codes are kept in a {@link ConsumerCodeStore} shared by every server node (the database), so that a code
 * issued through one node is claimed through any other, exactly once, with no sticky sessions; see decision 0013.
 */
final class ConsumerCodeBook {

    static final Duration REMEMBERED = Duration.ofMinutes(10);
    static final int DIGITS = 16;

    /** The most codes one sweep deletes in one statement, and the most statements one sweep runs. */
    static final int FORGET_BATCH = 10_000;

    static final int FORGET_BATCHES_MAX = 100;

    /**
     * Attempts to issue a code when the one drawn exists already or another code of the person was issued at the same
     * moment (each attempt that loses such a race waits for the winner's transaction, so a few suffice).
     */
    static final int ISSUE_ATTEMPTS = 8;

    /** Where a code stands. */
    enum State {
        OPEN,
        /** A merchant's payment with it is being made. */
        CLAIMED,
        USED,
        /** The person asked for a new code. */
        REPLACED
    }

    /** An issued code. */
    record Issued(String code, PersonId person, ProgramId program, Instant expiresAt) {}

    /** A code claimed for a payment: the payment goes ahead from this person's wallet of this program. */
    record Claim(String code, PersonId person, ProgramId program, PaymentId payment, boolean alreadyUsed) {}

    private final ConsumerCodeStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration validity;
    private final int capacity;

    /**
     * The codes stored at the last count plus those this node issued since. Counting on every issue would read the
     * whole table; the sweep counts every minute and a full book counts again before it refuses, so the bound holds
     * within what other nodes issued since the last count.
     */
    private final AtomicLong counted = new AtomicLong(-1);

    ConsumerCodeBook(ConsumerCodeStore store, Clock clock, RandomGenerator random, Duration validity, int capacity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("a consumer code is valid for more than zero and at most 10 minutes");
        }
        if (capacity < 1 || capacity > 10_000_000) {
            throw new IllegalArgumentException("the code book holds 1 to 10,000,000 codes, not " + capacity);
        }
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.validity = validity;
        this.capacity = capacity;
    }

    Issued issue(PersonId person, ProgramId program) {
        Instant now = clock.instant();
        if (counted.get() < 0 || counted.get() >= capacity) {
            forgetOld(now);
        }
        if (counted.get() >= capacity) {
            throw busy();
        }
        Instant expiresAt = now.plus(validity);
        for (int attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
            String code = newCode();
            if (store.issue(code, person, program, expiresAt)) {
                counted.incrementAndGet();
                return new Issued(code, person, program, expiresAt);
            }
        }
        throw busy();
    }

    private static Rejection busy() {
        return Rejection.unavailable(
                "CONSUMER_CODES_BUSY", "Too many payment codes are in use right now; try again in a minute.");
    }

    /**
     * Claims a code for a merchant's payment. The same payment claiming a code it already used gets it back (a
     * retry); any other use of a used, expired, replaced or unknown code is refused with its own reason. Of two
     * payments claiming one code at once, on one node or two, exactly one wins: the store claims by a conditional
     * update.
     */
    Claim claim(String typed, PaymentId payment) {
        String code = typed == null ? "" : typed.replace(" ", "").replace("-", "");
        if (!code.matches("[0-9]{" + DIGITS + "}")) {
            throw Rejection.invalid(
                    "CODE_MALFORMED", "A payment code is " + DIGITS + " digits; scan the customer's code again.");
        }
        if (!Luhn.holds(code)) {
            throw Rejection.invalid("CODE_MISTYPED", "This payment code has a typing error; scan it or type it again.");
        }
        Instant now = clock.instant();
        boolean won = store.claim(code, payment, now);
        ConsumerCodeStore.Stored entry = store.find(code).orElse(null);
        if (entry == null || !now.isBefore(entry.expiresAt().plus(REMEMBERED))) {
            throw Rejection.notFound(
                    "CODE_UNKNOWN",
                    "This payment code was not issued here or expired long ago; ask the customer to show a new one.");
        }
        if (won || payment.equals(entry.payment())) {
            return new Claim(code, entry.person(), entry.program(), payment, entry.state() == State.USED);
        }
        throw switch (entry.state()) {
            case USED ->
                Rejection.refused(
                        "CODE_USED", "This payment code has already paid; ask the customer to show a new one.");
            case REPLACED ->
                Rejection.refused(
                        "CODE_REPLACED",
                        "The customer has asked for a newer payment code; scan the one on their screen now.");
            // An open code that the claim did not win was claimed and released by another payment in between.
            case CLAIMED, OPEN ->
                now.isBefore(entry.expiresAt())
                        ? Rejection.conflict(
                                "CODE_IN_USE", "This payment code is being used for another payment right now.")
                        : expired();
        };
    }

    private Rejection expired() {
        return Rejection.refused(
                "CODE_EXPIRED",
                "This payment code expired (codes last " + validity.toSeconds()
                        + " seconds); ask the customer to show a new one.");
    }

    /** The claimed payment went through: the code is used up. */
    void used(Claim claim) {
        store.used(claim.code(), claim.payment());
    }

    /** The claimed payment was refused: the code may be scanned again while it is valid. */
    void release(Claim claim) {
        store.release(claim.code(), claim.payment());
    }

    long size() {
        return store.count();
    }

    /**
     * Forgets codes past their expiry and the time they are remembered, in bounded batches, and counts the codes
     * left; returns how many were forgotten.
     */
    int forgetOld(Instant now) {
        Instant expiredBy = now.minus(REMEMBERED);
        int forgotten = 0;
        for (int batch = 0; batch < FORGET_BATCHES_MAX; batch++) {
            int deleted = store.forget(expiredBy, FORGET_BATCH);
            forgotten += deleted;
            if (deleted < FORGET_BATCH) {
                break;
            }
        }
        counted.set(store.count());
        return forgotten;
    }

    private String newCode() {
        StringBuilder digits = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS - 1; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        digits.append(Luhn.checkDigit(digits));
        return digits.toString();
    }
}
