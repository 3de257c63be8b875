package dev.dangol.ledger;

import java.util.Set;

/**
 * An account to create. Like TigerBeetle's: it belongs to one ledger (a unit such as won, round budget or a monthly
 * limit), has a code saying what kind of account it is, and may carry user data that the owning capability chooses
 * (an owner key, an expiry time, a small number). Balances start at zero and only transfers change them.
 *
 * @param userData128 an owner or grouping key that accounts can be queried by, or null
 * @param userData64 a number such as an expiry time in epoch seconds
 * @param userData32 a small number such as a funding method
 */
public record Account(
        String id, int ledger, int code, Set<AccountFlag> flags, String userData128, long userData64, int userData32) {

    public static final int MAX_ID_LENGTH = 160;

    public Account {
        flags = Set.copyOf(flags);
    }

    public static Account of(String id, int ledger, int code, Set<AccountFlag> flags) {
        return new Account(id, ledger, code, flags, null, 0, 0);
    }
}
