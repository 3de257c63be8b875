package dev.dangol.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * A transfer to apply, shaped like TigerBeetle's. The client chooses the id, and the id is the idempotency key: the
 * same id always gets the first outcome back.
 *
 * <p>For {@link TransferFlag#POST_PENDING} and {@link TransferFlag#VOID_PENDING} the accounts, ledger and code may be
 * left blank (null and 0): they are taken from the pending transfer. A post names the amount to post, at most the
 * pending amount; a void names 0 or the pending amount.
 *
 * @param timeoutSeconds for a pending transfer, how long the reservation lasts before the ledger voids it; 0 for never
 */
public record Transfer(
        String id,
        String debitAccountId,
        String creditAccountId,
        long amount,
        String pendingId,
        int ledger,
        int code,
        Set<TransferFlag> flags,
        long timeoutSeconds,
        String userData128,
        long userData64,
        int userData32) {

    public static final int MAX_ID_LENGTH = 160;

    public Transfer {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
    }

    public static Transfer single(String id, String debit, String credit, long amount, int ledger, int code) {
        return new Transfer(id, debit, credit, amount, null, ledger, code, Set.of(), 0, null, 0, 0);
    }

    public static Transfer pending(
            String id, String debit, String credit, long amount, int ledger, int code, long timeoutSeconds) {
        return new Transfer(
                id,
                debit,
                credit,
                amount,
                null,
                ledger,
                code,
                Set.of(TransferFlag.PENDING),
                timeoutSeconds,
                null,
                0,
                0);
    }

    public static Transfer post(String id, String pendingId, long amount) {
        return new Transfer(id, null, null, amount, pendingId, 0, 0, Set.of(TransferFlag.POST_PENDING), 0, null, 0, 0);
    }

    public static Transfer voidPending(String id, String pendingId) {
        return new Transfer(id, null, null, 0, pendingId, 0, 0, Set.of(TransferFlag.VOID_PENDING), 0, null, 0, 0);
    }

    /**
     * Posts this amount of a pending transfer, naming its accounts, ledger and code: the ledger then need not read the
     * pending transfer to learn which accounts to lock, and refuses the post if they are not its.
     */
    public static Transfer postOf(String id, Transfer pending, long amount) {
        return new Transfer(
                id,
                pending.debitAccountId(),
                pending.creditAccountId(),
                amount,
                pending.id(),
                pending.ledger(),
                pending.code(),
                Set.of(TransferFlag.POST_PENDING),
                0,
                null,
                0,
                0);
    }

    /** Voids a pending transfer, naming its accounts, ledger and code (as {@link #postOf}). */
    public static Transfer voidOf(String id, Transfer pending) {
        return new Transfer(
                id,
                pending.debitAccountId(),
                pending.creditAccountId(),
                0,
                pending.id(),
                pending.ledger(),
                pending.code(),
                Set.of(TransferFlag.VOID_PENDING),
                0,
                null,
                0,
                0);
    }

    public boolean has(TransferFlag flag) {
        return flags.contains(flag);
    }

    /** The same transfer, linked to the next one in its batch. */
    public Transfer linked() {
        return withFlag(TransferFlag.LINKED, true);
    }

    /** The same transfer without the link flag, for the last transfer of a chain. */
    public Transfer unlinked() {
        return withFlag(TransferFlag.LINKED, false);
    }

    /** The same transfer for another amount. */
    public Transfer withAmount(long otherAmount) {
        return new Transfer(
                id,
                debitAccountId,
                creditAccountId,
                otherAmount,
                pendingId,
                ledger,
                code,
                flags,
                timeoutSeconds,
                userData128,
                userData64,
                userData32);
    }

    public Transfer withUserData(String userData128, long userData64, int userData32) {
        return new Transfer(
                id,
                debitAccountId,
                creditAccountId,
                amount,
                pendingId,
                ledger,
                code,
                flags,
                timeoutSeconds,
                userData128,
                userData64,
                userData32);
    }

    private Transfer withFlag(TransferFlag flag, boolean on) {
        EnumSet<TransferFlag> next = flags.isEmpty() ? EnumSet.noneOf(TransferFlag.class) : EnumSet.copyOf(flags);
        if (on) {
            next.add(flag);
        } else {
            next.remove(flag);
        }
        return new Transfer(
                id,
                debitAccountId,
                creditAccountId,
                amount,
                pendingId,
                ledger,
                code,
                next,
                timeoutSeconds,
                userData128,
                userData64,
                userData32);
    }
}
