package dev.dangol.queue.internal;

import dev.dangol.shared.Ids;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies waiting-room tickets: {@code v1.<kid>.<payload>.<signature>}, where the payload is the base64url
 * of {@code round person placeId issuedAtEpochSeconds} (space-separated) and the signature the base64url of
 * HMAC-SHA256 over {@code v1.<kid>.<payload>} with the key {@code kid}. The first key of the ring signs; every key of
 * the ring verifies, so that a key can be rotated in (listed second, then first) and out without invalidating the
 * tickets people hold. A ticket carries no position: the server looks the place up.
 */
final class Tickets {

    private static final String VERSION = "v1";
    private static final int TICKET_LENGTH_MAX = 512;
    private static final int SECRET_LENGTH_MIN = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a valid ticket says. */
    record Claims(RoundId round, PersonId person, String placeId, Instant issuedAt) {
        Claims {
            Objects.requireNonNull(round, "round");
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(placeId, "placeId");
            Objects.requireNonNull(issuedAt, "issuedAt");
        }
    }

    /** One signing key. */
    record Key(String kid, byte[] secret) {
        Key {
            if (kid == null || !kid.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalArgumentException(
                        "a ticket key id must be 1 to 16 letters, digits, '-' or '_', was '" + kid + "'");
            }
            if (secret == null || secret.length < SECRET_LENGTH_MIN) {
                throw new IllegalArgumentException(
                        "the ticket key '" + kid + "' must be at least " + SECRET_LENGTH_MIN + " bytes long");
            }
            secret = secret.clone();
        }
    }

    private final String signingKid;
    private final Map<String, Mac> macs;

    Tickets(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the ticket key ring needs at least one key");
        }
        Map<String, Mac> ring = new LinkedHashMap<>();
        for (Key key : keys) {
            if (ring.put(key.kid(), mac(key)) != null) {
                throw new IllegalArgumentException("the ticket key id '" + key.kid() + "' is listed twice");
            }
        }
        this.signingKid = keys.getFirst().kid();
        this.macs = Map.copyOf(ring);
    }

    /**
     * A key ring from configuration: {@code kid2:secret2,kid1:secret1}, the first one signing.
     *
     * @throws IllegalArgumentException if an entry is malformed, so that a bad configuration stops the start
     */
    static Tickets parse(String ring) {
        List<Key> keys = new ArrayList<>();
        for (String entry : ring.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("a ticket key must be written kid:secret");
            }
            keys.add(new Key(
                    trimmed.substring(0, colon), trimmed.substring(colon + 1).getBytes(StandardCharsets.UTF_8)));
        }
        return new Tickets(keys);
    }

    /**
     * The key ring kept in {@code directory/ticket-keys}, made with one new random key the first time, so that tickets
     * stay valid across restarts of an embedded server that was given no keys.
     */
    static Tickets loadOrCreate(Path directory, RandomGenerator random) {
        Path file = directory.resolve("ticket-keys");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(directory);
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                String ring = "local1:" + ENCODER.encodeToString(secret) + "\n";
                Path written = directory.resolve("ticket-keys.new");
                Files.writeString(
                        written,
                        ring,
                        StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.SYNC);
                try {
                    Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // A file system without POSIX permissions keeps the directory's own protection.
                }
                Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the ticket keys in " + file, e);
        }
    }

    String issue(RoundId round, PersonId person, String placeId, Instant issuedAt) {
        String payload = round.value() + " " + person.value() + " " + placeId + " " + issuedAt.getEpochSecond();
        String signed =
                VERSION + "." + signingKid + "." + ENCODER.encodeToString(payload.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + ENCODER.encodeToString(sign(macs.get(signingKid), signed));
    }

    /** The ticket's claims, or {@code TICKET_INVALID} if it is malformed, altered, forged or signed by no known key. */
    Claims verify(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > TICKET_LENGTH_MAX) {
            throw invalid();
        }
        String[] parts = ticket.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw invalid();
        }
        Mac mac = macs.get(parts[1]);
        if (mac == null) {
            throw invalid();
        }
        byte[] claimed;
        byte[] payload;
        try {
            claimed = DECODER.decode(parts[3]);
            payload = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        byte[] expected = sign(mac, parts[0] + "." + parts[1] + "." + parts[2]);
        // Constant time, so that the time taken tells a forger nothing about how much of a signature was right.
        if (!MessageDigest.isEqual(expected, claimed)) {
            throw invalid();
        }
        String[] fields = new String(payload, StandardCharsets.US_ASCII).split(" ", -1);
        if (fields.length != 4 || !Ids.isValid(fields[0]) || !Ids.isValid(fields[1]) || !PlaceIds.isValid(fields[2])) {
            throw invalid();
        }
        try {
            return new Claims(
                    RoundId.of(fields[0]),
                    PersonId.of(fields[1]),
                    fields[2],
                    Instant.ofEpochSecond(Long.parseLong(fields[3])));
        } catch (RuntimeException malformed) {
            throw invalid();
        }
    }

    static Rejection invalid() {
        return Rejection.invalid(
                "TICKET_INVALID",
                "This queue ticket is not valid here. Open the round's queue page again (or join again): your place is"
                        + " kept and you get a fresh ticket.");
    }

    private static Mac mac(Key key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Signs with a copy of the initialised MAC: a MAC is not safe to share between threads. */
    private static byte[] sign(Mac prototype, String text) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC provider cannot copy an initialised MAC", e);
        }
        return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    }
}
