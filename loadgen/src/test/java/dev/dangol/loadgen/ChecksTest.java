package dev.dangol.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every check passes on consistent books and fails on the one planted fault it is there to catch. */
class ChecksTest {

    static final long BUDGET = 800_000;
    static final long CAP = 400_000;

    // Two buyers, each 400,000 face for 372,000 paid (7% off), and one person told sold out.
    static Books goodBooks() {
        return new Books(
                Map.of(1, 0L, 2, 0L, 7, 0L),
                List.of(),
                800_000,
                List.of(
                        new Books.CheckoutRow("c1", "p1", 400_000, "PAID", null, 400_000, 372_000),
                        new Books.CheckoutRow("c2", "p2", 400_000, "DECLINED", "INSUFFICIENT_FUNDS", 0, 0),
                        new Books.CheckoutRow("c3", "p2", 400_000, "PAID", null, 400_000, 372_000)),
                Map.of("p1", 400_000L, "p2", 400_000L));
    }

    static GatewayBook goodGateway() {
        return new GatewayBook(
                2,
                744_000,
                0,
                List.of(
                        new GatewayBook.Payment("dg-c1", "p1", "APPROVED", 372_000),
                        new GatewayBook.Payment("dg-c2", "p2", "DECLINED", 372_000),
                        new GatewayBook.Payment("dg-c3", "p2", "APPROVED", 372_000)));
    }

    static List<Checks.Told> goodPeople() {
        return List.of(
                new Checks.Told("p1", "BOUGHT", null, null, null, 0),
                new Checks.Told("p2", "BOUGHT", null, null, null, 0),
                new Checks.Told("p3", "SOLD_OUT", null, null, null, 0));
    }

    @Test
    void consistentBooksPassEveryCheck() {
        List<Checks.Check> checks = Checks.run(BUDGET, CAP, goodBooks(), goodGateway(), goodPeople());
        assertThat(checks)
                .hasSize(10)
                .allSatisfy(c ->
                        assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
        assertThat(Checks.allPassed(checks)).isTrue();
    }

    @Test
    void anUnbalancedLedgerOrABrokenFlagFails() {
        Books b = goodBooks();
        assertFails(
                "ledger balanced",
                new Books(Map.of(1, 5L, 2, 0L), b.flagViolations(), b.soldKrw(), b.checkouts(), b.roundCapUsed()),
                goodGateway(),
                goodPeople());
        assertFails(
                "ledger balanced",
                new Books(b.netByLedger(), List.of("budget:r1"), b.soldKrw(), b.checkouts(), b.roundCapUsed()),
                goodGateway(),
                goodPeople());
    }

    @Test
    void sellingOverTheBudgetFails() {
        Books b = goodBooks();
        List<Books.CheckoutRow> more = new ArrayList<>(b.checkouts());
        more.add(new Books.CheckoutRow("c4", "p3", 10_000, "PAID", null, 10_000, 9_300));
        assertFails(
                "sold face value within budget",
                new Books(b.netByLedger(), List.of(), 810_000, more, b.roundCapUsed()),
                goodGateway(),
                goodPeople());
    }

    @Test
    void aBuyerOverTheCapFails() {
        Books b = goodBooks();
        assertFails(
                "nobody over the cap",
                new Books(b.netByLedger(), List.of(), b.soldKrw(), b.checkouts(), Map.of("p1", 410_000L)),
                goodGateway(),
                goodPeople());
    }

    @Test
    void aRoundCapGivenBackForAPurchaseThatWasBoughtFails() {
        Books b = goodBooks();
        assertFails(
                "nobody over the cap",
                new Books(b.netByLedger(), List.of(), b.soldKrw(), b.checkouts(), Map.of("p1", 400_000L, "p2", 0L)),
                goodGateway(),
                goodPeople());
    }

    @Test
    void aSecondCaptureForOnePurchaseFails() {
        GatewayBook g = goodGateway();
        List<GatewayBook.Payment> twice = new ArrayList<>(g.payments());
        twice.add(new GatewayBook.Payment("dg-c1-again", "p1", "APPROVED", 372_000));
        GatewayBook charged = new GatewayBook(3, 1_116_000, 1, twice);
        assertFails("no double charge", goodBooks(), charged, goodPeople());
        assertFails("gateway captures equal posted purchases", goodBooks(), charged, goodPeople());
    }

    @Test
    void capturesThatDifferFromPostedPurchasesFail() {
        GatewayBook g = goodGateway();
        assertFails(
                "gateway captures equal posted purchases",
                goodBooks(),
                new GatewayBook(2, 740_000, 0, g.payments()),
                goodPeople());
        // The same totals under another key: a capture Dangol never posted.
        List<GatewayBook.Payment> otherKey = List.of(
                new GatewayBook.Payment("dg-c1", "p1", "APPROVED", 372_000),
                new GatewayBook.Payment("dg-c2", "p2", "APPROVED", 372_000));
        assertFails(
                "gateway captures equal posted purchases",
                goodBooks(),
                new GatewayBook(2, 744_000, 0, otherKey),
                goodPeople());
    }

    @Test
    void someoneNeitherBoughtNorToldFails() {
        List<Checks.Told> people = new ArrayList<>(goodPeople());
        people.set(2, new Checks.Told("p3", "WAITING", null, null, null, 0));
        assertFails("every person bought or was told sold out", goodBooks(), goodGateway(), people);
        // Told BOUGHT by the waiting room but with no posted purchase in the ledger.
        people.set(2, new Checks.Told("p3", "BOUGHT", null, null, null, 0));
        assertFails("every person bought or was told sold out", goodBooks(), goodGateway(), people);
    }

    @Test
    void anAdmittedPersonMeetingSoldOutFails() {
        List<Checks.Told> people = new ArrayList<>(goodPeople());
        people.set(0, new Checks.Told("p1", "BOUGHT", "ROUND_SOLD_OUT", null, null, 0));
        assertFails("nobody admitted met sold out at payment", goodBooks(), goodGateway(), people);
        Books b = goodBooks();
        List<Books.CheckoutRow> rows = new ArrayList<>(b.checkouts());
        rows.set(1, new Books.CheckoutRow("c2", "p2", 400_000, "DECLINED", "ROUND_SOLD_OUT", 0, 0));
        assertFails(
                "nobody admitted met sold out at payment",
                new Books(b.netByLedger(), List.of(), b.soldKrw(), rows, b.roundCapUsed()),
                goodGateway(),
                goodPeople());
    }

    @Test
    void aLostPlaceARepeatedKeyWithAnotherAnswerAndALateWordFail() {
        List<Checks.Told> people = new ArrayList<>(goodPeople());
        people.set(2, new Checks.Told("p3", "SOLD_OUT", null, "a new login got a new place", null, 0));
        assertFails("no place lost by logging in again", goodBooks(), goodGateway(), people);
        people.set(2, new Checks.Told("p3", "SOLD_OUT", null, null, "c1 then c9", 0));
        assertFails(
                "a repeated payment with the same key returns the same checkout", goodBooks(), goodGateway(), people);
        people.set(2, new Checks.Told("p3", "SOLD_OUT", null, null, null, 4_000));
        assertFails("waiters told sold out within one poll interval", goodBooks(), goodGateway(), people);
    }

    private static void assertFails(String name, Books books, GatewayBook gateway, List<Checks.Told> people) {
        List<Checks.Check> checks = Checks.run(BUDGET, CAP, books, gateway, people);
        assertThat(checks)
                .filteredOn(c -> c.name().equals(name))
                .singleElement()
                .satisfies(c -> assertThat(c.passed()).as(c.detail()).isFalse());
        assertThat(Checks.allPassed(checks)).isFalse();
    }
}
