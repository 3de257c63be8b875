package dev.dangol.merchant.internal;

import dev.dangol.merchant.Merchant;
import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.util.List;

/**
 * The registry's changes in commit order, as every node reads them to keep its nearest index in step (V12). Change
 * numbers have no gaps and a reader that sees one change sees every earlier one, because a writing transaction takes
 * its number last and holds it locked until it commits.
 */
interface MerchantChanges {

    /** One committed transaction that wrote merchants. */
    record Change(long seq, String txn, Instant at, int merchants) {
        public Change {
            if (seq < 1 || txn == null || at == null || merchants < 0) {
                throw new IllegalArgumentException("a change needs a number, a transaction, a time and a count");
            }
        }
    }

    /** The number of the newest committed change, 0 if there is none. */
    long newest();

    /** Committed changes numbered above {@code seq}, in number order, at most {@code limit}. */
    List<Change> after(long seq, int limit);

    /**
     * The merchants the transaction wrote, as they are now, in id order after {@code after} (null: from the start), at
     * most {@code limit}. A merchant that a later transaction wrote again belongs to that one instead.
     */
    List<Merchant> writtenBy(String txn, MerchantId after, int limit);

    /**
     * Whether this node made the change: the registry put its merchants into this node's index when it committed, so
     * the node need not read them back. Forgotten after a while; a forgotten one is read back, which does no harm.
     */
    boolean madeHere(String txn);
}
