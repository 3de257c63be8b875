package dev.dangol.loadgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-of-run checks (issue 5): what the database and the gateway say, set against each other and against what
 * the people were told by the server. None reads a counter the generator kept of its own.
 */
public final class Checks {

    /** One check: a name, whether it passed, and what it found. */
    public record Check(String name, boolean passed, String detail) {}

    /**
     * What one person was told, from the server's answers.
     *
     * @param finalState the state {@code GET /queue/me} answered at the end (or the join's, when the server kept no
     *     place: a newcomer after the sell-out)
     * @param metSoldOutAtPayment the refusal an admitted person met at checkout, or null
     * @param lostPlace how a place was lost (a new login got another place, a position went back), or null
     * @param sameKeyOtherCheckout what a repeated checkout with the same key answered when it named another one
     * @param toldLateMillis how much later than its promised poll a waiter heard of the sell-out, 0 if in time
     */
    public record Told(
            String personId,
            String finalState,
            String metSoldOutAtPayment,
            String lostPlace,
            String sameKeyOtherCheckout,
            long toldLateMillis) {}

    private Checks() {}

    public static List<Check> run(long budgetKrw, long capKrw, Books books, GatewayBook gateway, List<Told> people) {
        List<Check> checks = new ArrayList<>();
        checks.add(ledgerBalanced(books));
        checks.add(soldWithinBudget(budgetKrw, books));
        checks.add(nobodyOverCap(capKrw, books));
        checks.add(noDoubleCharge(books, gateway));
        checks.add(capturesEqualPosted(books, gateway));
        checks.add(everyoneBoughtOrToldSoldOut(books, people));
        checks.add(nobodyAdmittedMetSoldOut(books, people));
        checks.add(noPlaceLostByReLogin(people));
        checks.add(sameKeySameCheckout(people));
        checks.add(toldSoldOutWithinOnePoll(people));
        return checks;
    }

    public static boolean allPassed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }

    static Check ledgerBalanced(Books books) {
        List<String> unbalanced = new ArrayList<>();
        books.netByLedger().forEach((ledger, net) -> {
            if (net != 0) {
                unbalanced.add("ledger " + ledger + " nets " + net);
            }
        });
        boolean ok = unbalanced.isEmpty()
                && books.flagViolations().isEmpty()
                && !books.netByLedger().isEmpty();
        return new Check(
                "ledger balanced",
                ok,
                ok
                        ? books.netByLedger().size() + " ledgers each sum to zero; no account breaks its flags"
                        : "unbalanced " + unbalanced + "; accounts breaking their flags "
                                + first(books.flagViolations()));
    }

    static Check soldWithinBudget(long budgetKrw, Books books) {
        long postedFace = books.checkouts().stream()
                .mapToLong(Books.CheckoutRow::postedFaceKrw)
                .sum();
        boolean ok = books.soldKrw() <= budgetKrw && postedFace == books.soldKrw();
        return new Check(
                "sold face value within budget",
                ok,
                String.format(
                        "ledger sold %,d of %,d KRW; posted purchases of paid checkouts %,d KRW",
                        books.soldKrw(), budgetKrw, postedFace));
    }

    static Check nobodyOverCap(long capKrw, Books books) {
        Map<String, Long> paid = new HashMap<>();
        for (Books.CheckoutRow c : books.checkouts()) {
            paid.merge(c.buyer(), c.postedFaceKrw(), Long::sum);
        }
        List<String> over = new ArrayList<>();
        paid.forEach((person, face) -> {
            if (face > capKrw) {
                over.add(person + " bought " + face);
            }
        });
        books.roundCapUsed().forEach((person, used) -> {
            if (used > capKrw) {
                over.add(person + " used " + used + " of the round cap");
            }
            // Given back more than released: the cap would let them buy past it.
            if (used < paid.getOrDefault(person, 0L)) {
                over.add(person + " bought " + paid.get(person) + " but the round cap shows only " + used + " used");
            }
        });
        long max = paid.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new Check(
                "nobody over the cap",
                over.isEmpty(),
                over.isEmpty()
                        ? String.format("largest buyer %,d KRW of a %,d KRW cap", max, capKrw)
                        : over.size() + " over: " + first(over));
    }

    static Check noDoubleCharge(Books books, GatewayBook gateway) {
        Map<String, Integer> captures = new HashMap<>();
        for (GatewayBook.Payment p : gateway.payments()) {
            if (p.status().equals("APPROVED")) {
                captures.merge(p.payer(), 1, Integer::sum);
            }
        }
        Map<String, Integer> posted = new HashMap<>();
        for (Books.CheckoutRow c : books.checkouts()) {
            if (c.postedFaceKrw() > 0) {
                posted.merge(c.buyer(), 1, Integer::sum);
            }
        }
        List<String> wrong = new ArrayList<>();
        Set<String> people = new HashSet<>(captures.keySet());
        people.addAll(posted.keySet());
        for (String person : people) {
            int charged = captures.getOrDefault(person, 0);
            int bought = posted.getOrDefault(person, 0);
            if (charged != bought) {
                wrong.add(person + " charged " + charged + " times for " + bought + " posted purchases");
            }
        }
        boolean ok = wrong.isEmpty() && gateway.ordersCapturedTwice() == 0;
        return new Check(
                "no double charge",
                ok,
                ok
                        ? captures.size() + " people charged, each once per posted purchase"
                        : wrong.size() + " people: " + first(wrong) + "; orders captured twice "
                                + gateway.ordersCapturedTwice());
    }

    static Check capturesEqualPosted(Books books, GatewayBook gateway) {
        long postedCount =
                books.checkouts().stream().filter(c -> c.postedPaidKrw() > 0).count();
        long postedPaid = books.checkouts().stream()
                .mapToLong(Books.CheckoutRow::postedPaidKrw)
                .sum();
        Set<String> capturedKeys = new HashSet<>();
        for (GatewayBook.Payment p : gateway.payments()) {
            if (p.status().equals("APPROVED")) {
                capturedKeys.add(p.key());
            }
        }
        Set<String> postedKeys = new HashSet<>();
        for (Books.CheckoutRow c : books.checkouts()) {
            if (c.postedPaidKrw() > 0) {
                postedKeys.add("dg-" + c.id());
            }
        }
        boolean ok = gateway.capturedCount() == postedCount
                && gateway.capturedKrw() == postedPaid
                && capturedKeys.equals(postedKeys);
        return new Check(
                "gateway captures equal posted purchases",
                ok,
                String.format(
                        "gateway captured %,d payments, %,d KRW; Dangol posted %,d purchases paid %,d KRW%s",
                        gateway.capturedCount(),
                        gateway.capturedKrw(),
                        postedCount,
                        postedPaid,
                        capturedKeys.equals(postedKeys) ? "; the same keys" : "; the keys differ"));
    }

    static Check everyoneBoughtOrToldSoldOut(Books books, List<Told> people) {
        Set<String> buyers = new HashSet<>();
        for (Books.CheckoutRow c : books.checkouts()) {
            if (c.postedFaceKrw() > 0) {
                buyers.add(c.buyer());
            }
        }
        List<String> neither = new ArrayList<>();
        int bought = 0;
        int soldOut = 0;
        for (Told t : people) {
            if (t.finalState().equals("BOUGHT") && buyers.contains(t.personId())) {
                bought++;
            } else if (t.finalState().equals("SOLD_OUT")) {
                soldOut++;
            } else {
                neither.add(t.personId() + " ended " + t.finalState()
                        + (t.finalState().equals("BOUGHT") ? " with no posted purchase" : ""));
            }
        }
        boolean ok = neither.isEmpty() && !people.isEmpty();
        return new Check(
                "every person bought or was told sold out",
                ok,
                String.format("%,d bought, %,d told sold out", bought, soldOut)
                        + (ok ? "" : "; " + neither.size() + " neither: " + first(neither)));
    }

    static Check nobodyAdmittedMetSoldOut(Books books, List<Told> people) {
        List<String> met = new ArrayList<>();
        for (Told t : people) {
            if (t.metSoldOutAtPayment() != null) {
                met.add(t.personId() + " met " + t.metSoldOutAtPayment());
            }
        }
        for (Books.CheckoutRow c : books.checkouts()) {
            String reason = c.reason() == null ? "" : c.reason();
            if (reason.contains("SOLD_OUT") || reason.contains("BUDGET")) {
                met.add("checkout " + c.id() + " ended " + reason);
            }
        }
        return new Check(
                "nobody admitted met sold out at payment",
                met.isEmpty(),
                met.isEmpty() ? "no checkout answer or record says sold out" : met.size() + ": " + first(met));
    }

    static Check noPlaceLostByReLogin(List<Told> people) {
        List<String> lost = new ArrayList<>();
        for (Told t : people) {
            if (t.lostPlace() != null) {
                lost.add(t.personId() + ": " + t.lostPlace());
            }
        }
        return new Check(
                "no place lost by logging in again",
                lost.isEmpty(),
                lost.isEmpty() ? "every new login got the same place back" : lost.size() + ": " + first(lost));
    }

    static Check sameKeySameCheckout(List<Told> people) {
        List<String> other = new ArrayList<>();
        for (Told t : people) {
            if (t.sameKeyOtherCheckout() != null) {
                other.add(t.personId() + ": " + t.sameKeyOtherCheckout());
            }
        }
        return new Check(
                "a repeated payment with the same key returns the same checkout",
                other.isEmpty(),
                other.isEmpty() ? "every repeat named the first checkout" : other.size() + ": " + first(other));
    }

    static Check toldSoldOutWithinOnePoll(List<Told> people) {
        List<String> late = new ArrayList<>();
        for (Told t : people) {
            if (t.toldLateMillis() > 0) {
                late.add(t.personId() + " " + t.toldLateMillis() + " ms late");
            }
        }
        return new Check(
                "waiters told sold out within one poll interval",
                late.isEmpty(),
                late.isEmpty()
                        ? "every waiter heard it at the first poll the server asked for after the sell-out"
                        : late.size() + ": " + first(late));
    }

    private static String first(List<String> items) {
        return items.size() <= 3 ? items.toString() : items.subList(0, 3) + " and " + (items.size() - 3) + " more";
    }
}
