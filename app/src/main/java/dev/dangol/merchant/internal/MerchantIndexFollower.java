package dev.dangol.merchant.internal;

import dev.dangol.merchant.Merchant;
import dev.dangol.shared.MerchantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps this node's nearest index in step with changes that other nodes (or other processes) made to the registry.
 * Each poll reads the committed changes numbered after the last it applied, in number order, and puts the merchants
 * each one wrote into the index through the registry.
 *
 * <p>The ordering rule: a change is applied only after every change numbered below it, and the follower moves past a
 * change only once all of its merchants are in the index. Change numbers follow commit order ({@link
 * MerchantChanges}), so no change can appear later below one already applied. A merchant is read as it is now, not
 * as the change left it: reading an older change may put a newer state, which the newer change then puts again, so
 * applying changes again is harmless and the index ends at the registry's state. Changes this node made are skipped,
 * because the registry put them into the index when they committed.
 *
 * <p>Bounded: at most {@code changesPerPollMax} changes a poll, merchants read {@code pageMax} at a time, and the
 * registry's writes on this node wait only while one page is read and applied.
 */
final class MerchantIndexFollower {

    private final MerchantChanges changes;
    private final Clock clock;
    private final int pageMax;
    private final int changesPerPollMax;

    // Only the polling thread changes these; gauges read them.
    private volatile long applied;
    private volatile Instant appliedAt;
    private volatile long behind;
    private volatile long merchantsApplied;

    /**
     * Starts after change {@code applied}: the newest change when the index was filled, read before the fill began,
     * so that a change committed during the fill is applied again rather than missed.
     */
    MerchantIndexFollower(MerchantChanges changes, Clock clock, long applied, int pageMax, int changesPerPollMax) {
        if (applied < 0 || pageMax < 1 || changesPerPollMax < 1) {
            throw new IllegalArgumentException("the follower needs a start of 0 or more and positive limits");
        }
        this.changes = changes;
        this.clock = clock;
        this.applied = applied;
        this.pageMax = pageMax;
        this.changesPerPollMax = changesPerPollMax;
    }

    /** Applies the changes after the last applied, at most the poll's limit; returns how many changes it applied. */
    int poll(MerchantRegistry registry) {
        long newest = changes.newest();
        List<MerchantChanges.Change> found = changes.after(applied, changesPerPollMax);
        int done = 0;
        for (MerchantChanges.Change change : found) {
            if (change.seq() <= applied) {
                throw new IllegalStateException("change " + change.seq() + " came after change " + applied);
            }
            if (!changes.madeHere(change.txn())) {
                apply(registry, change.txn());
            }
            applied = change.seq();
            appliedAt = change.at();
            done++;
        }
        behind = Math.max(0, Math.max(newest, applied) - applied);
        return done;
    }

    private void apply(MerchantRegistry registry, String txn) {
        MerchantId after = null;
        while (true) {
            MerchantId from = after;
            List<Merchant> page = registry.indexFromStore(() -> changes.writtenBy(txn, from, pageMax));
            merchantsApplied += page.size();
            if (page.size() < pageMax) {
                return;
            }
            after = page.getLast().id();
        }
    }

    /** The number of the last change applied. */
    long applied() {
        return applied;
    }

    /** Committed changes not yet applied, as of the last poll. */
    long behind() {
        return behind;
    }

    /**
     * How long ago the last applied change was made, in seconds, while the follower is behind; 0 when it had caught up
     * at its last poll.
     */
    long lagSeconds() {
        Instant at = appliedAt;
        if (behind == 0 || at == null) {
            return 0;
        }
        return Math.max(0, Duration.between(at, clock.instant()).toSeconds());
    }

    /** Merchants put into the index from other nodes' changes since start. */
    long merchantsApplied() {
        return merchantsApplied;
    }
}
