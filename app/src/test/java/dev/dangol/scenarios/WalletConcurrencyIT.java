package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramKind;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.MutableClock;
import dev.dangol.wallet.Gift;
import dev.dangol.wallet.GiftOrder;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Refund;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Many people buy, confirm, release, retry, give, cancel and refund vouchers of one round at once, on 32 threads,
 * while time moves and unpaid holds lapse; then every money invariant of DESIGN.md is checked against the ledger and
 * against what each caller was told. The round sells out early, so most of the run fights over budget that comes
 * back through releases, lapsed holds and cancellations.
 *
 * <p>One run feeds every test method; each method checks one invariant. The concrete classes choose the database.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "dangol.demo.enabled=false",
            "dangol.wallet.hold-time=10m",
            // The test moves time and voids lapsed holds itself; the lapse job keeps its schedule (every second).
            "dangol.ledger.expiry-interval=1h",
            "dangol.wallet.expiry-interval=1h",
            "spring.datasource.hikari.maximum-pool-size=48"
        })
@Import(ClockControl.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WalletConcurrencyIT {

    private static final Logger LOG = LoggerFactory.getLogger(WalletConcurrencyIT.class);
    private static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    private static final int THREADS = 32;
    private static final int PEOPLE = 200;
    private static final Duration RUN_TIME = Duration.ofMillis(Long.getLong("dangol.it.wallet-run-millis", 20_000));
    private static final int OPERATIONS_MAX = 60_000;

    private static final Money UNIT = Money.krw(10_000);
    private static final int UNITS_MAX = 40;
    /** 200 people with a 400,000 cap could buy 80,000,000: half of them sell this budget out. */
    private static final Money BUDGET = Money.krw(40_000_000);

    private static final int DISCOUNT_BASIS_POINTS = 700;
    private static final Money ROUND_CAP = Money.krw(400_000);
    private static final Money MONTHLY_LIMIT = Money.krw(500_000);
    private static final Money CARD_MONTHLY_LIMIT = Money.krw(200_000);
    private static final Money HOLDING_CAP = Money.krw(500_000);
    private static final Money GIFT_RECEIPT_LIMIT = Money.krw(300_000);
    private static final Duration HOLD_TIME = Duration.ofMinutes(10);
    private static final Duration TICK = Duration.ofSeconds(20);
    private static final Set<PurchaseStatus> SOLD = Set.of(PurchaseStatus.CONFIRMED, PurchaseStatus.REMAINDER_REFUNDED);

    @Autowired
    Wallets wallets;

    @Autowired
    Programs programs;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final ProgramId programId = ProgramId.of("wc-" + run);
    private final RoundId roundId = RoundId.of("wc-" + run + "-r1");
    private final List<PersonId> people = new ArrayList<>();
    private final long seed = Long.getLong("dangol.it.seed", System.nanoTime());

    // What every caller was told.
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> reserveAnswers = new ConcurrentHashMap<>();
    private final Queue<Outcome> reusedKeyOutcomes = new ConcurrentLinkedQueue<>();
    private final Map<PurchaseId, Order> purchases = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> giftAnswers = new ConcurrentHashMap<>();
    private final Map<String, Gift> gifts = new ConcurrentHashMap<>();
    private final Map<PurchaseId, Queue<Refund>> refunds = new ConcurrentHashMap<>();
    private final Queue<String> surprises = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    // What the workers pick from.
    private final Bag<Order> orderBag = new Bag<>();
    private final Bag<PurchaseId> openBag = new Bag<>();
    private final Bag<PurchaseId> purchaseBag = new Bag<>();
    private final Bag<GiftOrder> giftBag = new Bag<>();

    private final AtomicLong keys = new AtomicLong();
    private final AtomicLong leastRemaining = new AtomicLong(Long.MAX_VALUE);
    private final Map<String, AccountBalance> clearingBefore = new HashMap<>();
    private final Map<PurchaseId, Purchase> finalPurchases = new ConcurrentHashMap<>();
    private final Map<PersonId, WalletView> finalWallets = new ConcurrentHashMap<>();
    private int operations;

    /** A purchase request as the client sent it; the key says which request it is. */
    record Order(PersonId buyer, IdempotencyKey key, Money face, FundingMethod funding) {

        PurchaseOrder toPurchaseOrder(RoundId round) {
            return new PurchaseOrder(buyer, round, face, funding, key);
        }

        PurchaseId purchaseId() {
            return PurchaseId.derive(buyer, key);
        }
    }

    /** What one call answered. */
    sealed interface Outcome {
        record Done(String id) implements Outcome {}

        record Refused(String code) implements Outcome {}

        record Failed(String error) implements Outcome {}
    }

    /** An outcome and when the call that got it ran, by {@link System#nanoTime()}. */
    record Answer(Outcome outcome, long startedNanos, long endedNanos) {

        boolean endedBefore(Answer other) {
            return endedNanos < other.startedNanos;
        }
    }

    @BeforeAll
    void runTheLaunch() throws Exception {
        LOG.info("wallet concurrency run {} on {} threads, seed {}", run, THREADS, seed);
        programs.define(new Program(
                programId,
                "Concurrency voucher " + run,
                ProgramKind.NATIONAL,
                null,
                DISCOUNT_BASIS_POINTS,
                MONTHLY_LIMIT,
                CARD_MONTHLY_LIMIT,
                HOLDING_CAP,
                UNIT,
                60,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(
                        6_000, Money.krw(50_000), 8_000, true, Set.of(FundingMethod.BANK_ACCOUNT, FundingMethod.CARD)),
                new Program.GiftRule(
                        true, GIFT_RECEIPT_LIMIT, Set.of(FundingMethod.BANK_ACCOUNT, FundingMethod.CARD))));
        programs.schedule(new Round(
                roundId,
                programId,
                "Concurrency round " + run,
                BUDGET,
                clock.instant().minusSeconds(60),
                null,
                ROUND_CAP,
                DISCOUNT_BASIS_POINTS,
                RoundStatus.ACTIVE));
        for (int i = 0; i < PEOPLE; i++) {
            people.add(PersonId.of("wc-" + run + "-p" + i));
        }
        for (FundingMethod method : FundingMethod.values()) {
            String id = VoucherLedger.clearing(method);
            ledger.lookupAccount(id).ifPresent(account -> clearingBefore.put(id, account));
        }

        long started = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        ExecutorService partners = Executors.newCachedThreadPool();
        Thread timekeeper = Thread.ofPlatform().name("timekeeper").start(() -> keepTime(stop));
        try {
            List<Future<?>> running = new ArrayList<>();
            long deadline = started + RUN_TIME.toNanos();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                running.add(workers.submit(() -> {
                    while (System.nanoTime() < deadline && done.incrementAndGet() <= OPERATIONS_MAX) {
                        act(random, partners);
                    }
                }));
            }
            for (Future<?> worker : running) {
                worker.get(RUN_TIME.toSeconds() + 60, TimeUnit.SECONDS);
            }
        } finally {
            stop.countDown();
            timekeeper.join();
            workers.shutdownNow();
            partners.shutdownNow();
        }
        operations = Math.min(done.get(), OPERATIONS_MAX);

        // Every hold still open lapses, and the ledger voids it.
        clock.advance(HOLD_TIME.plusMinutes(1));
        while (ledger.expirePendingTransfers(1_000) > 0) {
            // Until none is left.
        }
        // And the limits of every lapsed reservation come back (decision 0018).
        while (wallets.returnLapsedLimits(1_000) > 0) {
            // Until no notice is left.
        }
        readBack();
        LOG.info(
                "run {}: {} operations in {} ms, {} purchases; {}",
                run,
                operations,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                purchases.size(),
                new TreeMap<>(counts));
    }

    // The invariants.

    @Test
    void everyLedgerSumsToZeroAndNoConstrainedAccountGoesNegative() {
        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.netByLedger())
                .allSatisfy((ledgerId, net) ->
                        assertThat(net).as("net of ledger %s", ledgerId).isZero());
        assertThat(audit.balanced()).isTrue();
    }

    @Test
    void noCallerWasToldAnythingUnexpected() {
        assertThat(operations).as("operations run").isGreaterThan(1_000);
        assertThat(surprises).isEmpty();
    }

    @Test
    void theRoundSoldOutAndSoldNoMoreThanItsBudget() {
        RoundBudget budget = programs.budget(roundId);
        assertThat(Money.krw(leastRemaining.get()))
                .as("the least budget left at any tick")
                .isLessThan(UNIT);
        assertThat(budget.held()).isEqualTo(Money.ZERO);
        assertThat(budget.sold()).isLessThanOrEqualTo(BUDGET);
        assertThat(budget.remaining().plus(budget.sold())).isEqualTo(BUDGET);
        AccountBalance sold =
                ledger.lookupAccount(VoucherLedger.budgetSold(roundId)).orElseThrow();
        assertThat(Money.krw(sold.postedBalance())).isEqualTo(budget.sold());
    }

    @Test
    void soldFaceValueIsExactlyThePurchasesThatStayedBought() {
        Money stayedBought = finalPurchases.values().stream()
                .filter(p -> SOLD.contains(p.status()))
                .map(Purchase::faceValue)
                .reduce(Money.ZERO, Money::plus);
        assertThat(programs.budget(roundId).sold()).isEqualTo(stayedBought);
        assertThat(finalPurchases.values())
                .extracting(Purchase::status)
                .doesNotContain(PurchaseStatus.RESERVED)
                .contains(
                        PurchaseStatus.CONFIRMED,
                        PurchaseStatus.RELEASED,
                        PurchaseStatus.HOLD_EXPIRED,
                        PurchaseStatus.CANCELLED,
                        PurchaseStatus.REMAINDER_REFUNDED);
    }

    @Test
    void nobodyBuysPastTheRoundCapOrTheMonthlyLimits() {
        YearMonth month = YearMonth.from(clock.instant().atZone(KOREA));
        Map<PersonId, Long> bought = new HashMap<>();
        Map<PersonId, Long> boughtByCard = new HashMap<>();
        for (Purchase purchase : finalPurchases.values()) {
            if (SOLD.contains(purchase.status())) {
                bought.merge(purchase.buyer(), purchase.faceValue().krw(), Long::sum);
                if (purchase.funding() == FundingMethod.CARD) {
                    boughtByCard.merge(purchase.buyer(), purchase.faceValue().krw(), Long::sum);
                }
            }
        }
        for (PersonId person : people) {
            long total = bought.getOrDefault(person, 0L);
            long card = boughtByCard.getOrDefault(person, 0L);
            assertThat(total).as("bought by %s", person).isLessThanOrEqualTo(ROUND_CAP.krw());
            assertThat(card).as("bought by card by %s", person).isLessThanOrEqualTo(CARD_MONTHLY_LIMIT.krw());
            assertThat(used(VoucherLedger.roundCap(person, roundId), ROUND_CAP))
                    .as("round cap used by %s", person)
                    .isEqualTo(total);
            assertThat(used(VoucherLedger.quota(person, programId, month), MONTHLY_LIMIT))
                    .as("monthly limit used by %s", person)
                    .isEqualTo(total);
            assertThat(used(VoucherLedger.cardQuota(person, programId, month), CARD_MONTHLY_LIMIT))
                    .as("card limit used by %s", person)
                    .isEqualTo(card);
            WalletView wallet = finalWallets.get(person);
            assertThat(wallet.monthlyPurchaseRoom()).isEqualTo(MONTHLY_LIMIT.minus(Money.krw(total)));
            assertThat(wallet.monthlyCardRoom()).isEqualTo(CARD_MONTHLY_LIMIT.minus(Money.krw(card)));
        }
    }

    @Test
    void everyWalletPlusItsHoldingRoomIsTheCapOnceNoHoldIsOpen() {
        long heldByAll = 0;
        for (PersonId person : people) {
            WalletView wallet = finalWallets.get(person);
            assertThat(wallet.balance()).as("balance of %s", person).isLessThanOrEqualTo(HOLDING_CAP);
            assertThat(wallet.balance().plus(wallet.holdingRoom()))
                    .as("balance and holding room of %s", person)
                    .isEqualTo(HOLDING_CAP);
            assertThat(used(VoucherLedger.holding(person, programId), HOLDING_CAP))
                    .as("holding used by %s", person)
                    .isEqualTo(wallet.balance().krw());
            heldByAll += wallet.balance().krw();
        }
        // What everyone holds is what they paid and the round subsidised, less what went back.
        long takenFromBuyers = 0;
        for (FundingMethod method : FundingMethod.values()) {
            takenFromBuyers += -change(VoucherLedger.clearing(method));
        }
        long subsidised = -ledger.lookupAccount(VoucherLedger.subsidy(roundId))
                .orElseThrow()
                .postedBalance();
        assertThat(heldByAll).isEqualTo(takenFromBuyers + subsidised);
    }

    @Test
    void nobodyReceivesMoreGiftsThanTheMonthlyLimit() {
        YearMonth month = YearMonth.from(clock.instant().atZone(KOREA));
        Map<PersonId, Long> received = new HashMap<>();
        for (Gift gift : gifts.values()) {
            received.merge(gift.recipient(), gift.amount().krw(), Long::sum);
        }
        for (PersonId person : people) {
            long total = received.getOrDefault(person, 0L);
            assertThat(total).as("gifts to %s", person).isLessThanOrEqualTo(GIFT_RECEIPT_LIMIT.krw());
            assertThat(used(VoucherLedger.giftReceipt(person, programId, month), GIFT_RECEIPT_LIMIT))
                    .as("gift limit used by %s", person)
                    .isEqualTo(total);
        }
        assertThat(counts).containsKeys("gift:OK", "gift:RECIPIENT_GIFT_LIMIT_EXCEEDED");
    }

    @Test
    void aKeyNeverBuysTwiceAndOnceItHasBoughtEveryRetryGetsThatPurchase() {
        assertThat(reserveAnswers.values())
                .anySatisfy(answers -> assertThat(answers.size()).isGreaterThan(1));
        Map<String, List<Answer>> broken = new LinkedHashMap<>();
        reserveAnswers.forEach((key, queue) -> {
            List<Answer> answers = List.copyOf(queue);
            Set<PurchaseId> bought = new HashSet<>();
            for (Answer answer : answers) {
                if (answer.outcome() instanceof Outcome.Done(String id)) {
                    bought.add(new PurchaseId(id));
                }
            }
            boolean afterPurchase = answers.stream()
                    .filter(first -> first.outcome() instanceof Outcome.Done)
                    .anyMatch(first -> answers.stream()
                            .anyMatch(later ->
                                    first.endedBefore(later) && !later.outcome().equals(first.outcome())));
            if (bought.size() > 1
                    || (bought.size() == 1 && !bought.contains(orders.get(key).purchaseId()))
                    || afterPurchase) {
                broken.put(key, answers);
            }
        });
        assertThat(broken.size()).as(twoAnswers(broken)).isZero();
    }

    /**
     * Once the ledger has recorded what became of a request, that is its answer for ever: the same purchase, or the
     * same refusal with the same code. A purchase is always decided by the ledger (sold out included); a gift refused
     * because the sender's balance looked too small was refused before anything was recorded, which leaves its key
     * free for a later attempt.
     */
    @Test
    void aRequestTheLedgerDecidedGetsTheSameAnswerOnEveryRetry() {
        Map<String, List<Answer>> broken = new LinkedHashMap<>();
        reserveAnswers.forEach((key, answers) -> {
            if (!keepsItsAnswer(List.copyOf(answers), Set.of())) {
                broken.put("purchase " + key, List.copyOf(answers));
            }
        });
        giftAnswers.forEach((key, answers) -> {
            if (!keepsItsAnswer(List.copyOf(answers), Set.of("INSUFFICIENT_GIFTABLE_BALANCE"))) {
                broken.put("gift " + key, List.copyOf(answers));
            }
        });
        assertThat(broken.size()).as(twoAnswers(broken)).isZero();
        refunds.forEach((purchase, answers) -> assertThat(answers.stream().distinct())
                .as("refunds of %s", purchase)
                .hasSize(1));
    }

    /** How many keys got more than one answer, with a few of them and what each answer was, oldest first. */
    private static String twoAnswers(Map<String, List<Answer>> broken) {
        StringBuilder text = new StringBuilder(broken.size() + " keys got more than one answer");
        broken.entrySet().stream()
                .collect(Collectors.groupingBy(entry -> entry.getKey().startsWith("gift")))
                .values()
                .stream()
                .flatMap(entries -> entries.stream().limit(4))
                .forEach(entry -> text.append("\n  ")
                        .append(entry.getKey())
                        .append(": ")
                        .append(entry.getValue().stream()
                                .sorted(Comparator.comparingLong(Answer::startedNanos))
                                .map(Answer::outcome)
                                .toList()));
        return text.toString();
    }

    /**
     * Whether every answer that may have been recorded (any but the refusals given before the ledger is asked) is the
     * same, and every call that started after such an answer got it too.
     */
    private static boolean keepsItsAnswer(List<Answer> answers, Set<String> refusedBeforeRecording) {
        List<Answer> decided = answers.stream()
                .filter(a ->
                        !(a.outcome() instanceof Outcome.Refused(String code) && refusedBeforeRecording.contains(code)))
                .toList();
        if (decided.stream().map(Answer::outcome).distinct().count() > 1) {
            return false;
        }
        return decided.stream()
                .allMatch(first -> answers.stream()
                        .noneMatch(later ->
                                first.endedBefore(later) && !later.outcome().equals(first.outcome())));
    }

    @Test
    void aKeyReusedForAnotherOrderIsRefusedAndChangesNothing() {
        assertThat(reusedKeyOutcomes)
                .isNotEmpty()
                .allSatisfy(outcome -> assertThat(outcome).isEqualTo(new Outcome.Refused("IDEMPOTENCY_KEY_REUSED")));
        purchases.forEach((id, order) -> {
            Purchase purchase = finalPurchases.get(id);
            assertThat(purchase.faceValue()).as("face of %s", id).isEqualTo(order.face());
            assertThat(purchase.funding()).as("funding of %s", id).isEqualTo(order.funding());
            assertThat(purchase.buyer()).as("buyer of %s", id).isEqualTo(order.buyer());
        });
    }

    @Test
    void buyerPaymentAndSubsidyAddUpToTheFaceValueCredited() {
        for (Purchase purchase : finalPurchases.values()) {
            assertThat(purchase.subsidy()).isEqualTo(purchase.faceValue().basisPoints(DISCOUNT_BASIS_POINTS));
            assertThat(purchase.paid().plus(purchase.subsidy())).isEqualTo(purchase.faceValue());
        }
        // Every voucher ever credited by a purchase (cancelled ones too) was paid for by the buyer and the subsidy.
        long everSold = ledger.lookupAccount(VoucherLedger.budgetSold(roundId))
                .orElseThrow()
                .creditsPosted();
        long everPaid = 0;
        for (FundingMethod method : FundingMethod.values()) {
            AccountBalance now =
                    ledger.lookupAccount(VoucherLedger.clearing(method)).orElseThrow();
            AccountBalance before = clearingBefore.get(VoucherLedger.clearing(method));
            everPaid += now.debitsPosted() - (before == null ? 0 : before.debitsPosted());
        }
        long everSubsidised = ledger.lookupAccount(VoucherLedger.subsidy(roundId))
                .orElseThrow()
                .debitsPosted();
        long everBought = finalPurchases.values().stream()
                .filter(p -> p.status() != PurchaseStatus.RELEASED && p.status() != PurchaseStatus.HOLD_EXPIRED)
                .mapToLong(p -> p.faceValue().krw())
                .sum();
        assertThat(everPaid + everSubsidised).isEqualTo(everSold).isEqualTo(everBought);
    }

    // The workload.

    private void act(SplittableRandom random, ExecutorService partners) {
        int roll = random.nextInt(100);
        try {
            if (roll < 30) {
                buy(random);
            } else if (roll < 37) {
                buyTwiceAtOnce(random, partners);
            } else if (roll < 47) {
                retry(random);
            } else if (roll < 51) {
                reuseKey(random);
            } else if (roll < 60) {
                settleOpen(random);
            } else if (roll < 72) {
                give(random);
            } else if (roll < 75) {
                giveAgain(random);
            } else if (roll < 82) {
                cancel(random);
            } else if (roll < 89) {
                spendDownAndRefund(random);
            } else if (roll < 93) {
                refund(random);
            } else if (roll < 95) {
                ledger.expirePendingTransfers(200);
                wallets.returnLapsedLimits(200);
            } else {
                look(random);
            }
        } catch (RuntimeException | AssertionError e) {
            surprise("unexpected " + e, e);
        }
    }

    private void buy(SplittableRandom random) {
        Order order = newOrder(random);
        Outcome outcome = reserve(order);
        if (outcome instanceof Outcome.Done) {
            int next = random.nextInt(100);
            if (next < 55) {
                settle(order.buyer(), order.purchaseId(), true);
            } else if (next < 70) {
                settle(order.buyer(), order.purchaseId(), false);
            } else {
                // Left open: settled later by someone, or left to lapse.
                openBag.add(order.purchaseId());
            }
        }
    }

    /** The same request from two threads at the same moment, as a double tap or a retrying proxy sends it. */
    private void buyTwiceAtOnce(SplittableRandom random, ExecutorService partners) {
        Order order = newOrder(random);
        List<Outcome> both = twice(partners, () -> reserve(order), () -> reserve(order));
        if (both.getFirst() instanceof Outcome.Done) {
            boolean race = random.nextInt(100) < 30;
            PurchaseId id = order.purchaseId();
            List<Outcome> settled =
                    twice(partners, () -> settle(order.buyer(), id, true), () -> settle(order.buyer(), id, !race));
            if (race && settled.get(0) instanceof Outcome.Done && settled.get(1) instanceof Outcome.Done) {
                surprise("purchase " + id + " was both confirmed and released: " + settled, null);
            }
            // Another thread may cancel the purchase between the two confirmations; the later one then finds it
            // cancelled, which only a confirmed purchase can be. That is the same confirmation seen later.
            if (!race && !confirmedOrLater(settled.get(0)).equals(confirmedOrLater(settled.get(1)))) {
                surprise("two confirmations of " + id + " answered differently: " + settled, null);
            }
        }
    }

    private static Outcome confirmedOrLater(Outcome outcome) {
        return outcome instanceof Outcome.Done(String status) && status.equals(PurchaseStatus.CANCELLED.name())
                ? new Outcome.Done(PurchaseStatus.CONFIRMED.name())
                : outcome;
    }

    private void retry(SplittableRandom random) {
        Order order = orderBag.pick(random);
        if (order != null) {
            reserve(order);
        }
    }

    private void reuseKey(SplittableRandom random) {
        PurchaseId id = purchaseBag.pick(random);
        if (id == null) {
            return;
        }
        Order original = purchases.get(id);
        Order other = random.nextBoolean()
                ? new Order(
                        original.buyer(),
                        original.key(),
                        original.face().krw() == UNIT.krw()
                                ? UNIT.times(2)
                                : original.face().minus(UNIT),
                        original.funding())
                : new Order(
                        original.buyer(),
                        original.key(),
                        original.face(),
                        original.funding() == FundingMethod.CARD ? FundingMethod.BANK_ACCOUNT : FundingMethod.CARD);
        Purchase before = wallets.purchase(original.buyer(), id).orElseThrow();
        Outcome outcome = call(
                "reserve-reused",
                () -> wallets.reserve(other.toPurchaseOrder(roundId)).id().value());
        reusedKeyOutcomes.add(outcome);
        Purchase after = wallets.purchase(original.buyer(), id).orElseThrow();
        if (!after.faceValue().equals(before.faceValue()) || after.funding() != before.funding()) {
            surprise("reusing the key of " + id + " changed it from " + before + " to " + after, null);
        }
    }

    private void settleOpen(SplittableRandom random) {
        PurchaseId id = openBag.pick(random);
        if (id != null) {
            settle(purchases.get(id).buyer(), id, random.nextInt(100) < 70);
        }
    }

    private void give(SplittableRandom random) {
        PersonId sender = people.get(random.nextInt(PEOPLE));
        PersonId recipient = people.get(random.nextInt(PEOPLE));
        if (sender.equals(recipient)) {
            return;
        }
        give(new GiftOrder(
                sender, recipient, programId, Money.krw(1_000L * (1 + random.nextInt(150))), newKey("gift")));
    }

    private void giveAgain(SplittableRandom random) {
        GiftOrder order = giftBag.pick(random);
        if (order != null) {
            give(order);
        }
    }

    private Outcome give(GiftOrder order) {
        long started = System.nanoTime();
        Outcome outcome = call("gift", () -> {
            Gift gift = wallets.gift(order);
            Gift earlier = gifts.putIfAbsent(gift.id(), gift);
            if (earlier != null && !earlier.amount().equals(gift.amount())) {
                surprise("gift " + gift.id() + " answered " + earlier + " and then " + gift, null);
            }
            return gift.id();
        });
        giftAnswers
                .computeIfAbsent(order.key().value(), k -> {
                    giftBag.add(order);
                    return new ConcurrentLinkedQueue<>();
                })
                .add(new Answer(outcome, started, System.nanoTime()));
        return outcome;
    }

    private void cancel(SplittableRandom random) {
        PurchaseId id = purchaseBag.pick(random);
        if (id == null) {
            return;
        }
        PersonId buyer = purchases.get(id).buyer();
        call("cancel", () -> recordRefund(id, wallets.cancel(buyer, id)));
        if (random.nextInt(100) < 25) {
            call("cancel-again", () -> recordRefund(id, wallets.cancel(buyer, id)));
        }
    }

    /** Gives most of a purchase away, so that what is left of it may be refunded. */
    private void spendDownAndRefund(SplittableRandom random) {
        PurchaseId id = purchaseBag.pick(random);
        if (id == null) {
            return;
        }
        Order order = purchases.get(id);
        Optional<Purchase> purchase = wallets.purchase(order.buyer(), id);
        if (purchase.isEmpty() || purchase.get().status() != PurchaseStatus.CONFIRMED) {
            return;
        }
        long share = purchase.get().balance().krw() * (60 + random.nextInt(35)) / 100 / 1_000 * 1_000;
        PersonId recipient = people.get(random.nextInt(PEOPLE));
        if (share > 0 && !recipient.equals(order.buyer())) {
            give(new GiftOrder(order.buyer(), recipient, programId, Money.krw(share), newKey("gift")));
        }
        call("refund", () -> recordRefund(id, wallets.refundRemainder(order.buyer(), id)));
    }

    private void refund(SplittableRandom random) {
        PurchaseId id = purchaseBag.pick(random);
        if (id != null) {
            PersonId buyer = purchases.get(id).buyer();
            call("refund", () -> recordRefund(id, wallets.refundRemainder(buyer, id)));
        }
    }

    private void look(SplittableRandom random) {
        PersonId person = people.get(random.nextInt(PEOPLE));
        WalletView wallet = wallets.wallet(person, programId);
        if (wallet.balance().exceeds(HOLDING_CAP) || wallet.holdingRoom().exceeds(HOLDING_CAP)) {
            surprise("wallet past its cap: " + wallet, null);
        }
    }

    private String recordRefund(PurchaseId id, Refund refund) {
        refunds.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(refund);
        return refund.kind().name();
    }

    private Order newOrder(SplittableRandom random) {
        PersonId buyer = people.get(random.nextInt(PEOPLE));
        Money face = UNIT.times(1 + random.nextInt(UNITS_MAX));
        FundingMethod funding = random.nextInt(100) < 30 ? FundingMethod.CARD : FundingMethod.BANK_ACCOUNT;
        Order order = new Order(buyer, newKey("buy"), face, funding);
        orders.put(order.key().value(), order);
        orderBag.add(order);
        return order;
    }

    private IdempotencyKey newKey(String kind) {
        return new IdempotencyKey(kind + "-" + run + "-" + keys.incrementAndGet());
    }

    private Outcome reserve(Order order) {
        long started = System.nanoTime();
        Outcome outcome = call("reserve", () -> {
            Purchase purchase = wallets.reserve(order.toPurchaseOrder(roundId));
            if (purchases.putIfAbsent(purchase.id(), order) == null) {
                purchaseBag.add(purchase.id());
            }
            return purchase.id().value();
        });
        reserveAnswers
                .computeIfAbsent(order.key().value(), k -> new ConcurrentLinkedQueue<>())
                .add(new Answer(outcome, started, System.nanoTime()));
        return outcome;
    }

    private Outcome settle(PersonId buyer, PurchaseId id, boolean confirm) {
        return call(
                confirm ? "confirm" : "release",
                () -> (confirm ? wallets.confirm(buyer, id) : wallets.release(buyer, id))
                        .status()
                        .name());
    }

    /** Runs the call, counts its answer by kind and returns it as a value. */
    private Outcome call(String what, Supplier<String> work) {
        Outcome outcome;
        try {
            outcome = new Outcome.Done(work.get());
            count(what + ":OK");
        } catch (Rejection rejection) {
            count(what + ":" + rejection.code());
            if (rejection.kind() == Rejection.Kind.UNAVAILABLE) {
                surprise(what + " was refused as unavailable: " + rejection.getMessage(), rejection);
            }
            outcome = new Outcome.Refused(rejection.code());
        } catch (RuntimeException e) {
            count(what + ":" + e.getClass().getSimpleName());
            surprise(what + " failed: " + e, e);
            outcome = new Outcome.Failed(e.toString());
        }
        return outcome;
    }

    private List<Outcome> twice(ExecutorService partners, Supplier<Outcome> mine, Supplier<Outcome> theirs) {
        CountDownLatch go = new CountDownLatch(1);
        Future<Outcome> partner = partners.submit(() -> {
            go.await();
            return theirs.get();
        });
        go.countDown();
        Outcome first = mine.get();
        try {
            return List.of(first, partner.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("the partner thread failed", e);
        }
    }

    private void keepTime(CountDownLatch stop) {
        try {
            while (!stop.await(200, TimeUnit.MILLISECONDS)) {
                clock.advance(TICK);
                leastRemaining.accumulateAndGet(
                        programs.budget(roundId).remaining().krw(), Math::min);
                while (ledger.expirePendingTransfers(1_000) == 1_000) {
                    // Until the backlog is gone.
                }
                // The lapse job runs on its own schedule too; both at once must give every limit back exactly once.
                wallets.returnLapsedLimits(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            surprise("the timekeeper failed: " + e, e);
        }
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private void surprise(String what, Throwable cause) {
        if (surprises.size() < 50) {
            surprises.add(what);
            LOG.warn("surprise: {}", what, cause);
        }
    }

    // Reading the end state back.

    private void readBack() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> reads = new ArrayList<>();
            purchases.forEach((id, order) -> reads.add(readers.submit(() ->
                    finalPurchases.put(id, wallets.purchase(order.buyer(), id).orElseThrow()))));
            for (PersonId person : people) {
                reads.add(readers.submit(() -> finalWallets.put(person, wallets.wallet(person, programId))));
            }
            for (Future<?> read : reads) {
                read.get(60, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** How much of a person's limit is used: the limit less what the account has left; none if never touched. */
    private long used(String account, Money limit) {
        return ledger.lookupAccount(account)
                .map(a -> {
                    assertThat(a.debitsPending()).as("held on %s", account).isZero();
                    return limit.krw() - a.available();
                })
                .orElse(0L);
    }

    /** Credits less debits posted to an account during the run. */
    private long change(String account) {
        long now =
                ledger.lookupAccount(account).map(AccountBalance::postedBalance).orElse(0L);
        AccountBalance before = clearingBefore.get(account);
        return now - (before == null ? 0 : before.postedBalance());
    }

    /** A set that workers add to and pick at random from. */
    private static final class Bag<T> {
        private final List<T> items = new ArrayList<>();

        synchronized void add(T item) {
            items.add(item);
        }

        synchronized T pick(SplittableRandom random) {
            return items.isEmpty() ? null : items.get(random.nextInt(items.size()));
        }
    }
}
