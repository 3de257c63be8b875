package dev.dangol.queue;

import dev.dangol.shared.RoundId;
import java.util.List;

/**
 * The pre-queue draw of a round, published at opening: the seed, and the pre-queued tickets' public ids in the order
 * they joined. Anyone can recompute the order: sort the ids by SHA-256 of {@code seed + ":" + id} (hex, ascending).
 *
 * @param seedCommitment the SHA-256 of the seed, published before opening
 * @param seed the seed, or null until the round opens
 */
public record Draw(RoundId round, String seedCommitment, String seed, List<String> participants) {}
