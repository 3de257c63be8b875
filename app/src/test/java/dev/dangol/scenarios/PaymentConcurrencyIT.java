package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramKind;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.MapMerchants;
import dev.dangol.testing.MutableClock;
import dev.dangol.wallet.GiftOrder;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.MerchantPayments;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PaymentOrder;
import dev.dangol.wallet.PaymentStatus;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Many citizens pay four merchants at once on 16 threads, retry with the same keys, reuse keys for other orders,
 * and the merchants cancel payments (twice, and some for payments that are not theirs); then the ledger must balance,
 * every lot keep its expiry, no account go negative, each merchant's payable equal what it was told it received less
 * what it cancelled, and each wallet equal what was bought less what was paid and not cancelled.
 *
 * <p>One run feeds every test method. The concrete classes choose the database.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "dangol.demo.enabled=false",
            "dangol.ledger.expiry-interval=1h",
            "dangol.wallet.expiry-interval=1h",
            "spring.datasource.hikari.maximum-pool-size=32"
        })
@Import(ClockControl.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PaymentConcurrencyIT {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentConcurrencyIT.class);
    private static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    private static final int THREADS = 16;
    private static final int PEOPLE = 60;
    private static final int MERCHANTS = 4;
    private static final Duration RUN_TIME = Duration.ofMillis(Long.getLong("dangol.it.payment-run-millis", 10_000));
    private static final int OPERATIONS_MAX = 40_000;
    private static final Money UNIT = Money.krw(10_000);
    private static final Money HOLDING_CAP = Money.krw(400_000);

    @Autowired
    MerchantPayments payments;

    @Autowired
    MerchantRegister register;

    @Autowired
    Wallets wallets;

    @Autowired
    Programs programs;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final ProgramId programId = ProgramId.of("pc-" + run);
    private final RoundId roundId = RoundId.of("pc-" + run + "-r1");
    private final List<PersonId> people = new ArrayList<>();
    private final List<MerchantId> merchants = new ArrayList<>();
    private final long seed = Long.getLong("dangol.it.seed", System.nanoTime());

    private final Map<PersonId, Long> bought = new ConcurrentHashMap<>();
    private final Map<PersonId, Long> gifted = new ConcurrentHashMap<>();
    private final Map<String, Long> expiryBefore = new HashMap<>();
    /** Lots bought during the run, with the expiry each got. */
    private final Map<String, Long> laterLots = new ConcurrentHashMap<>();

    private final Map<PaymentId, PaymentOrder> orders = new ConcurrentHashMap<>();
    private final Map<PaymentId, Payment> paid = new ConcurrentHashMap<>();
    private final Set<PaymentId> cancelled = ConcurrentHashMap.newKeySet();
    private final Queue<String> surprises = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private final List<PaymentId> paidList = new ArrayList<>();
    private final List<PaymentOrder> orderList = new ArrayList<>();

    @BeforeAll
    void payAndCancelAtOnce() throws Exception {
        LOG.info("payment concurrency run {} on {} threads, seed {}", run, THREADS, seed);
        programs.define(new Program(
                programId,
                "Payment concurrency voucher " + run,
                ProgramKind.NATIONAL,
                null,
                1_000,
                Money.krw(2_000_000),
                Money.krw(1_000_000),
                HOLDING_CAP,
                UNIT,
                60,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(
                        6_000, Money.krw(50_000), 8_000, true, Set.of(FundingMethod.BANK_ACCOUNT, FundingMethod.CARD)),
                new Program.GiftRule(true, Money.krw(300_000), Set.of(FundingMethod.BANK_ACCOUNT))));
        programs.schedule(new Round(
                roundId,
                programId,
                "Payment concurrency round " + run,
                Money.krw(1_000_000_000),
                clock.instant().minus(Duration.ofDays(10)),
                null,
                Money.krw(1_000_000),
                1_000,
                RoundStatus.ACTIVE));
        for (int m = 0; m < MERCHANTS; m++) {
            merchants.add(register.register(MapMerchants.riceCakeShop("pc-" + run + "-m" + m))
                    .id());
        }
        // Three purchases a person on three days, so that lots expire at different times.
        SplittableRandom setup = new SplittableRandom(seed);
        var today = clock.instant();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(PersonId.of("pc-" + run + "-p" + i));
        }
        for (int day = 3; day >= 1; day--) {
            clock.set(today.minus(Duration.ofDays(day)));
            for (PersonId person : people) {
                long face = UNIT.krw() * (1 + setup.nextInt(10));
                var purchase = wallets.reserve(
                        new PurchaseOrder(person, roundId, Money.krw(face), FundingMethod.BANK_ACCOUNT, newKey()));
                wallets.confirm(person, purchase.id());
                bought.merge(person, face, Long::sum);
            }
        }
        clock.set(today);
        for (PersonId person : people) {
            for (AccountBalance lot : lots(person)) {
                expiryBefore.put(lot.id(), lot.userData64());
            }
        }

        long started = System.nanoTime();
        long deadline = started + RUN_TIME.toNanos();
        AtomicInteger done = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                running.add(workers.submit(() -> {
                    while (System.nanoTime() < deadline && done.incrementAndGet() <= OPERATIONS_MAX) {
                        act(random);
                    }
                }));
            }
            for (Future<?> worker : running) {
                worker.get(RUN_TIME.toSeconds() + 120, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        LOG.info(
                "run {}: {} operations in {} ms: {}",
                run,
                Math.min(done.get(), OPERATIONS_MAX),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                counts);
    }

    private IdempotencyKey newKey() {
        return new IdempotencyKey("pc-" + run + "-" + keys.incrementAndGet());
    }

    private List<AccountBalance> lots(PersonId person) {
        return ledger.queryAccounts(
                AccountQuery.byUserData(person.value() + "/" + programId.value(), VoucherLedger.CODE_LOT));
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    private void act(SplittableRandom random) {
        int dice = random.nextInt(100);
        try {
            if (dice < 50) {
                payNew(random);
            } else if (dice < 65) {
                retry(random);
            } else if (dice < 85) {
                cancel(random);
            } else if (dice < 92) {
                give(random);
            } else if (dice < 96) {
                buyUpToTheCap(random);
            } else {
                reuseKeyForAnotherOrder(random);
            }
        } catch (RuntimeException e) {
            surprises.add(e.toString());
            LOG.warn("unexpected", e);
        }
    }

    private void payNew(SplittableRandom random) {
        PersonId payer = people.get(random.nextInt(people.size()));
        MerchantId merchant = merchants.get(random.nextInt(merchants.size()));
        long amount = 1 + random.nextLong(random.nextBoolean() ? 30_000 : 200_000);
        IdempotencyKey key = newKey();
        PaymentOrder order =
                new PaymentOrder(PaymentId.byCitizen(payer, key), payer, merchant, programId, Money.krw(amount));
        synchronized (orderList) {
            orderList.add(order);
        }
        orders.put(order.id(), order);
        pay(order);
    }

    private void pay(PaymentOrder order) {
        try {
            Payment payment = payments.pay(order);
            if (!payment.id().equals(order.id())
                    || !payment.amount().equals(order.amount())
                    || !payment.merchant().equals(order.merchant())) {
                surprises.add("payment " + payment + " answered order " + order);
            }
            Payment first = paid.putIfAbsent(payment.id(), payment);
            if (first == null) {
                synchronized (paidList) {
                    paidList.add(payment.id());
                }
                count("paid");
            } else {
                count("paid again");
                if (!first.lots().equals(payment.lots()) || !first.paidAt().equals(payment.paidAt())) {
                    surprises.add("a retry of " + order.id() + " got another payment");
                }
            }
        } catch (Rejection r) {
            count(r.code());
            if (!Set.of("INSUFFICIENT_BALANCE", "BALANCE_CHANGED").contains(r.code())) {
                surprises.add("payment refused with " + r.code());
            }
        }
    }

    private void retry(SplittableRandom random) {
        PaymentOrder order;
        synchronized (orderList) {
            if (orderList.isEmpty()) {
                return;
            }
            order = orderList.get(random.nextInt(orderList.size()));
        }
        pay(order);
    }

    /** A person buys as much as the holding cap allows, so that cancellations meet wallets at their cap. */
    private void buyUpToTheCap(SplittableRandom random) {
        PersonId buyer = people.get(random.nextInt(people.size()));
        long room = wallets.wallet(buyer, programId).holdingRoom().krw() / UNIT.krw() * UNIT.krw();
        if (room == 0) {
            return;
        }
        try {
            var purchase = wallets.reserve(
                    new PurchaseOrder(buyer, roundId, Money.krw(room), FundingMethod.BANK_ACCOUNT, newKey()));
            wallets.confirm(buyer, purchase.id());
            laterLots.put("lot:" + purchase.id(), purchase.validUntil().getEpochSecond());
            bought.merge(buyer, room, Long::sum);
            count("bought");
        } catch (Rejection r) {
            count("buy " + r.code());
            if (!Set.of("HOLDING_CAP_EXCEEDED", "ROUND_CAP_EXCEEDED", "MONTHLY_LIMIT_EXCEEDED")
                    .contains(r.code())) {
                surprises.add("purchase refused with " + r.code());
            }
        }
    }

    /** Gifts fill recipients' holding room, so that cancellations meet wallets at their cap. */
    private void give(SplittableRandom random) {
        PersonId sender = people.get(random.nextInt(people.size()));
        PersonId recipient = people.get(random.nextInt(people.size()));
        if (sender.equals(recipient)) {
            return;
        }
        long amount = 1 + random.nextLong(150_000);
        try {
            wallets.gift(new GiftOrder(sender, recipient, programId, Money.krw(amount), newKey()));
            gifted.merge(sender, -amount, Long::sum);
            gifted.merge(recipient, amount, Long::sum);
            count("gift");
        } catch (Rejection r) {
            count("gift " + r.code());
            if (!Set.of(
                            "INSUFFICIENT_GIFTABLE_BALANCE",
                            "RECIPIENT_HOLDING_CAP_EXCEEDED",
                            "RECIPIENT_GIFT_LIMIT_EXCEEDED",
                            "BALANCE_CHANGED")
                    .contains(r.code())) {
                surprises.add("gift refused with " + r.code());
            }
        }
    }

    private void reuseKeyForAnotherOrder(SplittableRandom random) {
        PaymentId id;
        synchronized (paidList) {
            if (paidList.isEmpty()) {
                return;
            }
            id = paidList.get(random.nextInt(paidList.size()));
        }
        PaymentOrder first = orders.get(id);
        PaymentOrder other = new PaymentOrder(
                id, first.payer(), first.merchant(), programId, first.amount().plus(Money.krw(1)));
        try {
            payments.pay(other);
            surprises.add("a reused key paid another order: " + id);
        } catch (Rejection r) {
            count("reused " + r.code());
            if (!r.code().equals("IDEMPOTENCY_KEY_REUSED")) {
                surprises.add("a reused key was refused with " + r.code());
            }
        }
    }

    private void cancel(SplittableRandom random) {
        PaymentId id;
        synchronized (paidList) {
            if (paidList.isEmpty()) {
                return;
            }
            id = paidList.get(random.nextInt(paidList.size()));
        }
        Payment payment = paid.get(id);
        boolean wrongMerchant = random.nextInt(10) == 0;
        MerchantId by = wrongMerchant
                ? merchants.get((merchants.indexOf(payment.merchant()) + 1) % merchants.size())
                : payment.merchant();
        try {
            Payment result = payments.cancel(by, id);
            if (wrongMerchant) {
                surprises.add("another merchant cancelled " + id);
            }
            if (result.status() != PaymentStatus.CANCELLED) {
                surprises.add("a cancellation answered " + result.status());
            }
            count(cancelled.add(id) ? "cancelled" : "cancelled again");
        } catch (Rejection r) {
            count("cancel " + r.code());
            if (!(wrongMerchant && r.code().equals("NOT_YOUR_PAYMENT"))) {
                surprises.add("cancellation refused with " + r.code());
            }
        }
    }

    @Test
    void nothingUnexpectedHappened() {
        assertThat(surprises).isEmpty();
        assertThat(counts.get("paid")).isNotNull().hasPositiveValue();
        assertThat(counts.get("cancelled")).isNotNull().hasPositiveValue();
        assertThat(counts.get("cancelled again")).isNotNull().hasPositiveValue();
    }

    @Test
    void theLedgerBalancesAndNoAccountBreaksItsFlags() {
        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.balanced()).isTrue();
    }

    @Test
    void everyLotKeepsItsExpiryAndNoneIsNegative() {
        for (PersonId person : people) {
            for (AccountBalance lot : lots(person)) {
                if (lot.creditsPosted() == 0 && lot.creditsPending() == 0) {
                    // Made for a purchase or gift the ledger refused: it never held anything.
                    continue;
                }
                if (expiryBefore.containsKey(lot.id())) {
                    assertThat(lot.userData64()).as("expiry of " + lot.id()).isEqualTo(expiryBefore.get(lot.id()));
                } else if (laterLots.containsKey(lot.id())) {
                    assertThat(lot.userData64()).as("expiry of " + lot.id()).isEqualTo(laterLots.get(lot.id()));
                } else {
                    // A lot received as a gift keeps the expiry of the purchase it came from.
                    Set<Long> expiries = new java.util.HashSet<>(expiryBefore.values());
                    expiries.addAll(laterLots.values());
                    assertThat(expiries).as("expiry of gift lot " + lot.id()).contains(lot.userData64());
                }
                assertThat(lot.postedBalance()).as("balance of " + lot.id()).isNotNegative();
            }
        }
    }

    @Test
    void eachMerchantsPayableIsWhatItReceivedLessWhatItCancelled() {
        for (MerchantId merchant : merchants) {
            long expected = paid.values().stream()
                    .filter(p -> p.merchant().equals(merchant) && !cancelled.contains(p.id()))
                    .mapToLong(p -> p.amount().krw())
                    .sum();
            long payable = ledger.lookupAccount(VoucherLedger.merchantPayable(programId, merchant))
                    .map(AccountBalance::postedBalance)
                    .orElse(0L);
            assertThat(payable).as("payable of " + merchant).isEqualTo(expected);
            List<Payment> day = payments.day(merchant, LocalDate.ofInstant(clock.instant(), KOREA), 10_000);
            assertThat(day.stream()
                            .filter(p -> p.status() == PaymentStatus.PAID)
                            .mapToLong(p -> p.amount().krw())
                            .sum())
                    .as("day list of " + merchant)
                    .isEqualTo(expected);
            assertThat(day).hasSize((int) paid.values().stream()
                    .filter(p -> p.merchant().equals(merchant))
                    .count());
        }
    }

    private final AtomicInteger overCaps = new AtomicInteger();

    @Test
    void eachWalletIsWhatWasBoughtLessWhatWasPaidAndNotCancelledWithinItsCap() {
        for (PersonId person : people) {
            long spent = paid.values().stream()
                    .filter(p -> p.payer().equals(person) && !cancelled.contains(p.id()))
                    .mapToLong(p -> p.amount().krw())
                    .sum();
            WalletView wallet = wallets.wallet(person, programId);
            assertThat(wallet.balance().krw())
                    .as("wallet of " + person)
                    .isEqualTo(bought.get(person) + gifted.getOrDefault(person, 0L) - spent);
            long overCap = ledger.lookupAccount("holding-over:" + person + ":" + programId)
                    .map(a -> a.debitsPosted() - a.creditsPosted())
                    .orElse(0L);
            boolean wentOver = ledger.lookupAccount("holding-over:" + person + ":" + programId)
                    .map(a -> a.debitsPosted() > 0)
                    .orElse(false);
            overCaps.addAndGet(wentOver ? 1 : 0);
            assertThat(wallet.balance().krw() + wallet.holdingRoom().krw() - overCap)
                    .as("wallet and holding room of " + person)
                    .isEqualTo(HOLDING_CAP.krw());
        }
        LOG.info("{} wallets went above their holding cap through cancellations", overCaps.get());
    }
}
