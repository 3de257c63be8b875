package dev.dangol.ledger;

/**
 * Which accounts to list: all that match every field given. A zero or null field matches everything.
 *
 * @param userData64AtLeast only accounts whose {@code userData64} is at least this; {@link Long#MIN_VALUE} for any
 * @param userData64AtMost only accounts whose {@code userData64} is at most this (such as lots expired by a time);
 *     {@link Long#MAX_VALUE} for any
 * @param withAvailableBalance only accounts with credits posted above all debits
 */
public record AccountQuery(
        String userData128,
        int ledger,
        int code,
        long userData64AtLeast,
        long userData64AtMost,
        boolean withAvailableBalance,
        int limit) {

    public static final int MAX_LIMIT = 10_000;

    public AccountQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "an account query returns 1 to " + MAX_LIMIT + " accounts, not " + limit);
        }
    }

    public static AccountQuery byUserData(String userData128, int code) {
        return new AccountQuery(userData128, 0, code, Long.MIN_VALUE, Long.MAX_VALUE, false, MAX_LIMIT);
    }
}
