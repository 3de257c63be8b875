package dev.dangol.queue.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The pre-queue draw: a 256-bit seed, its SHA-256 published before opening, and the order of the pre-queued places
 * by the hex SHA-256 of {@code seed + ":" + placeId}, ascending, where the seed is written as 64 lowercase hex digits.
 * Anyone holding the published seed and place ids can recompute it (docs/design.md, "Pre-queue draw").
 */
final class Draws {

    private Draws() {}

    static String newSeed(RandomGenerator random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return HexFormat.of().formatHex(seed);
    }

    static String commitment(String seedHex) {
        return sha256Hex(seedHex);
    }

    /** For each position (0-based), the index in {@code placeIds} of the place that takes it. */
    static int[] order(String seedHex, List<String> placeIds) {
        int size = placeIds.size();
        String[] keys = new String[size];
        Integer[] indices = new Integer[size];
        for (int i = 0; i < size; i++) {
            keys[i] = sha256Hex(seedHex + ":" + placeIds.get(i));
            indices[i] = i;
        }
        // Ties need two equal SHA-256 values; the join order breaks them so that the order is always defined.
        Arrays.sort(indices, (a, b) -> {
            int byHash = keys[a].compareTo(keys[b]);
            return byHash != 0 ? byHash : Integer.compare(a, b);
        });
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = indices[i];
        }
        return order;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
