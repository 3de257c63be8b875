package dev.dangol.identity.internal;

import dev.dangol.identity.Citizens;
import dev.dangol.identity.IdentityVerification;
import dev.dangol.identity.VerificationStarted;
import dev.dangol.identity.VerifiedPerson;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.Ids;
import dev.dangol.shared.Rejection;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The development stand-in for a carrier or PASS identity verification. It sends no text message: the 6-digit code
 * is handed back in the answer when {@code revealCodes} is on (the embedded default and the demo), and is otherwise
 * unreachable, which is production's cue to plug in a real verifier.
 *
 * <p>A real CI comes from the person's resident registration number, so it follows the person to every phone number.
 * This adapter has no such number: its CI is an HMAC of the normalised name and the mobile number under a configured
 * secret. So the same person gets the same CI on every device and app with the same number, but a new number makes a
 * new person here, and two people with the same name on one number would be one.
 *
 * <p>Pending verifications live in this process's memory, at most {@code pendingMax} of them: at scale a
 * verification must be completed on the node that started it (sticky routing) until a shared store replaces this.
 */
final class DevelopmentVerification implements IdentityVerification {

    static final Duration CODE_VALID_FOR = Duration.ofMinutes(3);
    static final int TRIES_MAX = 5;
    static final int STARTS_PER_PHONE_MAX = 5;
    static final Duration STARTS_WINDOW = Duration.ofHours(1);

    /**
     * How long a verification that ended without success is remembered, so that a late attempt learns that its code
     * expired or was locked rather than that the verification never existed.
     */
    static final Duration ENDED_KEPT_FOR = Duration.ofMinutes(10);

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Clock clock;
    private final RandomGenerator random;
    private final IdSource ids;
    private final byte[] secret;
    private final boolean revealCodes;
    private final int pendingMax;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Starts> startsByPhone = new ConcurrentHashMap<>();
    private volatile Instant lastSweep = Instant.EPOCH;

    DevelopmentVerification(
            Clock clock, RandomGenerator random, IdSource ids, byte[] secret, boolean revealCodes, int pendingMax) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the CI secret must be at least 16 bytes");
        }
        if (pendingMax < 1) {
            throw new IllegalArgumentException("pendingMax must be positive, was " + pendingMax);
        }
        this.clock = clock;
        this.random = random;
        this.ids = ids;
        this.secret = secret.clone();
        this.revealCodes = revealCodes;
        this.pendingMax = pendingMax;
    }

    @Override
    public VerificationStarted start(String name, String phone) {
        String plainName = Citizens.normaliseName(name);
        String number = Citizens.normalisePhone(phone);
        Instant now = clock.instant();
        makeRoom(now, number);
        boolean[] allowed = {false};
        Starts starts = startsByPhone.compute(number, (key, before) -> {
            Starts recent = (before == null ? Starts.NONE : before).since(now.minus(STARTS_WINDOW));
            if (recent.count() >= STARTS_PER_PHONE_MAX) {
                return recent;
            }
            allowed[0] = true;
            return recent.and(now);
        });
        if (!allowed[0]) {
            Instant retryAt = starts.oldest().plus(STARTS_WINDOW);
            long minutes =
                    Math.max(1, Duration.between(now, retryAt).plusSeconds(59).toMinutes());
            throw Rejection.refused(
                    "TOO_MANY_VERIFICATIONS",
                    "This number asked for " + STARTS_PER_PHONE_MAX + " codes within an hour; ask again in " + minutes
                            + (minutes == 1 ? " minute." : " minutes."),
                    Map.of("retryAt", retryAt.toString()));
        }
        String code = newCode();
        Instant expiresAt = now.plus(CODE_VALID_FOR);
        String id = ids.next();
        pending.put(id, new Pending(plainName, number, code, expiresAt));
        return new VerificationStarted(id, expiresAt, revealCodes ? code : null);
    }

    @Override
    public VerifiedPerson complete(String verificationId, String code) {
        if (!Ids.isValid(verificationId)) {
            throw notFound(String.valueOf(verificationId));
        }
        if (code == null || !code.matches("[0-9]{6}")) {
            throw Rejection.invalid("CODE_INVALID", "Give the 6-digit code sent to your phone.");
        }
        Pending verification = pending.get(verificationId);
        if (verification == null) {
            throw notFound(verificationId);
        }
        Instant now = clock.instant();
        synchronized (verification) {
            if (verification.completed) {
                throw notFound(verificationId);
            }
            if (verification.triesLeft == 0) {
                throw tooManyTries();
            }
            if (!now.isBefore(verification.expiresAt)) {
                throw Rejection.refused(
                        "VERIFICATION_EXPIRED",
                        "The code expired: codes last " + CODE_VALID_FOR.toMinutes() + " minutes. Ask for a new one.",
                        Map.of("expiredAt", verification.expiresAt.toString()));
            }
            if (!Digests.sameText(code, verification.code)) {
                verification.triesLeft--;
                if (verification.triesLeft == 0) {
                    throw tooManyTries();
                }
                throw Rejection.refused(
                        "CODE_WRONG",
                        "That is not the code sent to your phone; " + verification.triesLeft
                                + (verification.triesLeft == 1 ? " try" : " tries") + " left.",
                        Map.of("triesLeft", verification.triesLeft));
            }
            verification.completed = true;
            pending.remove(verificationId);
        }
        return new VerifiedPerson(ci(verification.name, verification.phone), verification.name, verification.phone);
    }

    /** How many verifications are remembered; for tests and metrics. */
    int pendingCount() {
        return pending.size();
    }

    /**
     * The stand-in CI: an HMAC of the name (compatibility-normalised, without spaces, in upper case, so that "김 민준"
     * and "김민준" are one person) and the plain mobile number.
     */
    String ci(String name, String phone) {
        String key = Normalizer.normalize(name, Normalizer.Form.NFKC)
                .replaceAll("\\s+", "")
                .toUpperCase(Locale.ROOT);
        return Digests.hmacBase64(secret, "ci-v1|" + key + "|" + phone);
    }

    private String newCode() {
        int number;
        synchronized (random) {
            number = random.nextInt(1_000_000);
        }
        return "%06d".formatted(number);
    }

    /** Forgets what has ended, once a minute or when the store is full; refuses to start if it stays full. */
    private void makeRoom(Instant now, String phone) {
        boolean full = pending.size() >= pendingMax
                || (startsByPhone.size() >= pendingMax && !startsByPhone.containsKey(phone));
        if (!full && Duration.between(lastSweep, now).compareTo(SWEEP_EVERY) < 0) {
            return;
        }
        lastSweep = now;
        // When full, even what ended moments ago goes, and so do locked verifications: they can never succeed.
        Instant endedBefore = full ? now : now.minus(ENDED_KEPT_FOR);
        pending.values().removeIf(p -> p.endedBefore(endedBefore, full));
        startsByPhone.values().removeIf(s -> s.since(now.minus(STARTS_WINDOW)).count() == 0);
        if (pending.size() >= pendingMax || (startsByPhone.size() >= pendingMax && !startsByPhone.containsKey(phone))) {
            throw Rejection.unavailable(
                    "VERIFICATIONS_BUSY", "Too many people are verifying at this moment. Try again in a minute.");
        }
    }

    private static Rejection notFound(String id) {
        return Rejection.notFound(
                "VERIFICATION_NOT_FOUND",
                "There is no open verification " + id + ": it was completed or never started. Start a new one.");
    }

    private static Rejection tooManyTries() {
        return Rejection.refused(
                "TOO_MANY_TRIES",
                "The code was entered wrongly " + TRIES_MAX + " times. Ask for a new code.",
                Map.of("triesLeft", 0));
    }

    /** A verification waiting for its code; its tries and completion change under its own lock. */
    private static final class Pending {
        final String name;
        final String phone;
        final String code;
        final Instant expiresAt;
        int triesLeft = TRIES_MAX;
        boolean completed;

        Pending(String name, String phone, String code, Instant expiresAt) {
            this.name = name;
            this.phone = phone;
            this.code = code;
            this.expiresAt = expiresAt;
        }

        synchronized boolean endedBefore(Instant instant, boolean evenLocked) {
            return completed || expiresAt.isBefore(instant) || (evenLocked && triesLeft == 0);
        }
    }

    /** When a number last asked for codes: at most {@link #STARTS_PER_PHONE_MAX} instants, oldest first. */
    private record Starts(List<Instant> at) {
        static final Starts NONE = new Starts(List.of());

        Starts {
            at = List.copyOf(at);
            if (at.size() > STARTS_PER_PHONE_MAX) {
                throw new IllegalArgumentException("at most " + STARTS_PER_PHONE_MAX + " starts are kept");
            }
        }

        Starts since(Instant from) {
            return new Starts(at.stream().filter(i -> i.isAfter(from)).toList());
        }

        Starts and(Instant instant) {
            List<Instant> more = new ArrayList<>(at);
            more.add(Objects.requireNonNull(instant));
            return new Starts(more);
        }

        int count() {
            return at.size();
        }

        Instant oldest() {
            return at.getFirst();
        }
    }
}
