package dev.dangol.loadgen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Dangol's database says about a round at the end of a replay, read over JDBC: the ledger's totals per ledger,
 * accounts breaking their own flags, what the round sold, every checkout with its posted purchase, and what each
 * person used of the round's cap. The same SQL runs on H2 and PostgreSQL.
 *
 * @param netByLedger credits less debits (posted and pending) over every account of each ledger
 * @param flagViolations accounts whose balance breaks their flags, or a negative column
 * @param soldKrw face value the round's sold account holds (posted)
 * @param checkouts every checkout of the round
 * @param roundCapUsed face value each person uses of the round's cap now, posted and pending: what was taken from it
 *     less what was given back (a release, a lapsed hold or a cancellation), so beyond its grant
 */
public record Books(
        Map<Integer, Long> netByLedger,
        List<String> flagViolations,
        long soldKrw,
        List<CheckoutRow> checkouts,
        Map<String, Long> roundCapUsed) {

    /**
     * A checkout and its purchase's links in the ledger.
     *
     * @param postedFaceKrw the purchase's budget link if posted, else 0
     * @param postedPaidKrw the purchase's payment link (what the buyer paid) if posted, else 0
     */
    public record CheckoutRow(
            String id,
            String buyer,
            long faceValueKrw,
            String status,
            String reason,
            long postedFaceKrw,
            long postedPaidKrw) {}

    public static final int CHECKOUTS_MAX = 2_000_000;

    public Books {
        netByLedger = Map.copyOf(netByLedger);
        flagViolations = List.copyOf(flagViolations);
        checkouts = List.copyOf(checkouts);
        roundCapUsed = Map.copyOf(roundCapUsed);
    }

    /** Reads the books of one round. */
    public static Books read(Connection c, String round) throws SQLException {
        Map<Integer, Long> net = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select ledger, sum(credits_posted + credits_pending"
                        + " - debits_posted - debits_pending) from ledger_account group by ledger order by ledger");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                net.put(r.getInt(1), r.getLong(2));
            }
        }
        List<String> violations = new ArrayList<>();
        // The ledger's own audit, in SQL: mod() because H2 and PostgreSQL spell bit operators differently.
        try (PreparedStatement s = c.prepareStatement("select id from ledger_account where debits_pending < 0"
                        + " or debits_posted < 0 or credits_pending < 0 or credits_posted < 0"
                        + " or (mod(flags, 2) = 1 and debits_posted + debits_pending > credits_posted)"
                        + " or (mod(flags / 2, 2) = 1 and credits_posted + credits_pending > debits_posted)");
                ResultSet r = s.executeQuery()) {
            while (r.next() && violations.size() < 100) {
                violations.add(r.getString(1));
            }
        }
        long sold = 0;
        try (PreparedStatement s =
                c.prepareStatement("select credits_posted - debits_posted from ledger_account where id = ?")) {
            s.setString(1, "budget-sold:" + round);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    sold = r.getLong(1);
                }
            }
        }
        List<CheckoutRow> checkouts = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select c.id, c.buyer, c.face_value, c.status, c.reason,"
                + " b.amount, b.pending_state, p.amount, p.pending_state from checkout c"
                + " left join ledger_transfer b on b.id = concat('p:', c.purchase_id, ':budget')"
                + " left join ledger_transfer p on p.id = concat('p:', c.purchase_id, ':pay')"
                + " where c.round_id = ? order by c.created_at")) {
            s.setString(1, round);
            try (ResultSet r = s.executeQuery()) {
                while (r.next() && checkouts.size() < CHECKOUTS_MAX) {
                    boolean facePosted = "POSTED".equals(r.getString(7));
                    boolean paidPosted = "POSTED".equals(r.getString(9));
                    checkouts.add(new CheckoutRow(
                            r.getString(1),
                            r.getString(2),
                            r.getLong(3),
                            r.getString(4),
                            r.getString(5),
                            facePosted ? r.getLong(6) : 0,
                            paidPosted ? r.getLong(8) : 0));
                }
            }
        }
        Map<String, Long> capUsed = new LinkedHashMap<>();
        String suffix = ":" + round;
        // Credits beyond the grant are limits given back (decision 0018): a reservation uses the cap at once.
        try (PreparedStatement s = c.prepareStatement("select a.id, a.debits_posted + a.debits_pending"
                + " - (a.credits_posted - coalesce(g.amount, 0)) from ledger_account a left join ledger_transfer g"
                + " on g.id = 'grant:' || a.id and g.result = 'OK' where a.id like ? and a.id like ?")) {
            s.setString(1, "roundcap:%");
            s.setString(2, "%" + suffix);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    capUsed.put(id.substring("roundcap:".length(), id.length() - suffix.length()), r.getLong(2));
                }
            }
        }
        return new Books(net, violations, sold, checkouts, capUsed);
    }
}
