package dev.dangol.ledger;

import java.util.EnumSet;
import java.util.Set;

/** How a transfer behaves, as in TigerBeetle. */
public enum TransferFlag {
    /** This transfer and the next succeed or fail together; the last transfer of a chain does not carry it. */
    LINKED(1),
    /** Reserves the amount until it is posted, voided or times out. */
    PENDING(2),
    /** Completes the pending transfer named by {@code pendingId}, in full or for less. */
    POST_PENDING(4),
    /** Releases the pending transfer named by {@code pendingId}. */
    VOID_PENDING(8);

    private final int bit;

    TransferFlag(int bit) {
        this.bit = bit;
    }

    public static int toBits(Set<TransferFlag> flags) {
        int bits = 0;
        for (TransferFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    public static Set<TransferFlag> fromBits(int bits) {
        EnumSet<TransferFlag> flags = EnumSet.noneOf(TransferFlag.class);
        for (TransferFlag flag : values()) {
            if ((bits & flag.bit) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
