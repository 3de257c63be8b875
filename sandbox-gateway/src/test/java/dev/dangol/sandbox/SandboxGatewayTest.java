package dev.dangol.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sandbox's behaviour in simulated time: idempotency, the failures it makes up, webhooks, cancellation, bounds. */
class SandboxGatewayTest {

    private static final Instant START = Instant.parse("2026-03-10T00:00:00Z");
    private static final String HOOK = "http://127.0.0.1:9/hooks";

    private final SimulatedTime time = new SimulatedTime(START);
    private final List<Webhook> webhooks = new ArrayList<>();

    private SandboxGateway sandbox(Behaviour behaviour) {
        return sandbox(behaviour, 7, SandboxGateway.Limits.DEFAULT);
    }

    private SandboxGateway sandbox(Behaviour behaviour, long seed, SandboxGateway.Limits limits) {
        return new SandboxGateway(
                time.clock(), new SplittableRandom(seed), time, webhooks::add, limits, behaviour.withWebhookUrl(HOOK));
    }

    private static ChargeOrder order(String key, String token, long amount) {
        return new ChargeOrder(key, "person-1", SourceKind.BANK_ACCOUNT, token, amount, "purchase " + key, null);
    }

    private static ChargeOrder order(String key) {
        return order(key, "tok-ok", 45_000);
    }

    private static Payment answered(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Answered.class);
        return ((Reply.Answered) reply).payment();
    }

    @Test
    void theSameKeyWithTheSameChargeAnswersTheFirstOutcomeAndChargesOnce() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);

        Payment first = answered(sandbox.charge(order("k-1")));
        Payment again = answered(sandbox.charge(order("k-1")));

        assertThat(first.state()).isEqualTo(PaymentState.APPROVED);
        assertThat(again).isEqualTo(first);
        assertThat(sandbox.captures().approvedCount()).isEqualTo(1);
        assertThat(sandbox.captures().capturedKrw()).isEqualTo(45_000);
        assertThat(sandbox.activity().replays()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherChargeIsAConflictAndChargesNothingMore() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);
        answered(sandbox.charge(order("k-1", "tok-ok", 45_000)));

        Reply other = sandbox.charge(order("k-1", "tok-ok", 90_000));

        assertThat(other).isInstanceOf(Reply.Conflict.class);
        assertThat(sandbox.captures().capturedKrw()).isEqualTo(45_000);
        assertThat(sandbox.payment("k-1").orElseThrow().amountKrw()).isEqualTo(45_000);
        assertThat(sandbox.activity().conflicts()).isEqualTo(1);
    }

    @Test
    void aChangedWebhookUrlIsStillTheSameCharge() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);
        answered(sandbox.charge(order("k-1")));
        ChargeOrder sameWithUrl = new ChargeOrder(
                "k-1", "person-1", SourceKind.BANK_ACCOUNT, "tok-ok", 45_000, "purchase k-1", "http://x.test/h");

        assertThat(sandbox.charge(sameWithUrl)).isInstanceOf(Reply.Answered.class);
    }

    @Test
    void tokensForceADeclineAnErrorOrATimeout() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT.withTimeout(Duration.ofSeconds(30), TimeoutAnswer.LATE));

        Payment declined = answered(sandbox.charge(order("k-d", "tok-decline-me", 10_000)));
        Payment poor = answered(sandbox.charge(order("k-i", "tok-insufficient", 10_000)));
        Reply failed = sandbox.charge(order("k-e", "tok-error", 10_000));
        Reply late = sandbox.charge(order("k-t", "tok-timeout", 10_000));

        assertThat(declined.state()).isEqualTo(PaymentState.DECLINED);
        assertThat(declined.reason()).isEqualTo("CARD_DECLINED");
        assertThat(poor.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(failed).isInstanceOf(Reply.Failed.class);
        assertThat(sandbox.payment("k-e")).as("an error charges nothing").isEmpty();
        assertThat(late.delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(answered(late).state()).as("a timed-out charge is applied").isEqualTo(PaymentState.APPROVED);
        assertThat(answered(sandbox.inquire("k-t")).state()).isEqualTo(PaymentState.APPROVED);
    }

    @Test
    void declineErrorAndTimeoutRatesComeOutRoughlyAsConfigured() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT
                .withDeclineBasisPoints(2_000)
                .withErrorBasisPoints(1_000)
                .withTimeoutBasisPoints(500)
                .withTimeout(Duration.ofSeconds(10), TimeoutAnswer.LATE));
        int calls = 20_000;
        int declined = 0;
        int failed = 0;
        int late = 0;
        for (int i = 0; i < calls; i++) {
            Reply reply = sandbox.charge(order("k-" + i));
            if (reply instanceof Reply.Failed) {
                failed++;
            } else if (reply.delay().equals(Duration.ofSeconds(10))) {
                late++;
            } else if (answered(reply).state() == PaymentState.DECLINED) {
                declined++;
            }
        }

        // 10% fail; of the 90% applied, 5% answer late and 20% are declined (the draws are independent).
        assertThat(failed).isBetween(calls * 9 / 100, calls * 11 / 100);
        assertThat(late).isBetween(calls * 90 / 100 * 4 / 100, calls * 90 / 100 * 6 / 100);
        assertThat(declined).isBetween(calls * 90 / 100 * 95 / 100 * 18 / 100, calls * 90 / 100 * 95 / 100 * 22 / 100);
        Captures captures = sandbox.captures();
        assertThat(captures.keys()).isEqualTo(calls - failed);
        assertThat(captures.approvedCount() + captures.declinedCount()).isEqualTo(captures.keys());
        assertThat(sandbox.activity().errors()).isEqualTo(failed);
    }

    @Test
    void theSameSeedAndTheSameCallsGiveTheSameOutcomesAndLatencies() {
        Behaviour flaky = Behaviour.HEALTHY
                .withDeclineBasisPoints(3_000)
                .withErrorBasisPoints(1_000)
                .withTimeoutBasisPoints(1_000);
        List<String> first = run(sandbox(flaky, 42, SandboxGateway.Limits.DEFAULT));
        webhooks.clear();
        List<String> second = run(sandbox(flaky, 42, SandboxGateway.Limits.DEFAULT));
        List<String> otherSeed = run(sandbox(flaky, 43, SandboxGateway.Limits.DEFAULT));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static List<String> run(SandboxGateway sandbox) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Reply reply = sandbox.charge(order("k-" + i));
            String what = reply instanceof Reply.Answered answered
                    ? answered.payment().state().name()
                    : reply.getClass().getSimpleName();
            outcomes.add(what + "@" + reply.delay().toNanos());
        }
        return outcomes;
    }

    @Test
    void latenciesFollowTheConfiguredPercentiles() {
        LatencyProfile profile = LatencyProfile.ofMillis(20, 40, 100, 150, 250);
        assertThat(profile.at(0)).isEqualTo(Duration.ofMillis(20));
        assertThat(profile.at(5_000)).isEqualTo(Duration.ofMillis(40));
        assertThat(profile.at(9_000)).isEqualTo(Duration.ofMillis(100));
        assertThat(profile.at(9_900)).isEqualTo(Duration.ofMillis(150));
        assertThat(profile.at(7_000)).isEqualTo(Duration.ofMillis(70));

        SandboxGateway sandbox = sandbox(Behaviour.HEALTHY.withLatency(profile));
        List<Duration> latencies = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            latencies.add(sandbox.charge(order("k-" + i)).delay());
        }
        latencies.sort(null);
        assertThat(latencies.getFirst()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(latencies.getLast()).isLessThanOrEqualTo(Duration.ofMillis(250));
        assertThat(latencies.get(5_000)).isBetween(Duration.ofMillis(37), Duration.ofMillis(43));
        assertThat(latencies.get(9_000)).isBetween(Duration.ofMillis(92), Duration.ofMillis(108));
    }

    @Test
    void aLatencyProfileMustNotDecrease() {
        assertThatThrownBy(() -> LatencyProfile.ofMillis(50, 40, 100, 150, 250))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not decrease");
        assertThat(LatencyProfile.parseMillis("20, 35,60,75,80"))
                .isEqualTo(LatencyProfile.ofMillis(20, 35, 60, 75, 80));
        assertThat(LatencyProfile.parseMillis("5")).isEqualTo(LatencyProfile.fixed(Duration.ofMillis(5)));
    }

    @Test
    void timedOutCallsThatNeverAnswerAreStillApplied() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT
                .withTimeoutBasisPoints(10_000)
                .withTimeout(Duration.ofSeconds(20), TimeoutAnswer.NEVER));

        Reply reply = sandbox.charge(order("k-1"));

        assertThat(reply).isEqualTo(new Reply.Silent(Duration.ofSeconds(20)));
        assertThat(sandbox.payment("k-1").orElseThrow().state()).isEqualTo(PaymentState.APPROVED);
        assertThat(sandbox.activity().timeouts()).isEqualTo(1);
    }

    @Test
    void duringAnOutageEveryCallIsTurnedAwayAndNothingIsApplied() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);
        answered(sandbox.charge(order("k-before")));
        sandbox.addOutage(new Outage(START.plusSeconds(10), START.plusSeconds(20), false));
        sandbox.addOutage(new Outage(START.plusSeconds(30), START.plusSeconds(40), true));

        time.advance(Duration.ofSeconds(10));
        Reply charge = sandbox.charge(order("k-during"));
        Reply inquiry = sandbox.inquire("k-before");
        time.advance(Duration.ofSeconds(20));
        Reply refused = sandbox.cancel("k-before", "test");
        time.advance(Duration.ofSeconds(10));
        Reply after = sandbox.charge(order("k-after"));

        assertThat(charge).isEqualTo(new Reply.Unavailable(START.plusSeconds(20), false));
        assertThat(inquiry).isInstanceOf(Reply.Unavailable.class);
        assertThat(refused).isEqualTo(new Reply.Unavailable(START.plusSeconds(40), true));
        assertThat(sandbox.payment("k-during")).isEmpty();
        assertThat(sandbox.payment("k-before").orElseThrow().state()).isEqualTo(PaymentState.APPROVED);
        assertThat(answered(after).state()).isEqualTo(PaymentState.APPROVED);
        assertThat(sandbox.activity().outageRefusals()).isEqualTo(3);
    }

    @Test
    void everyFinalOutcomeIsSentAsAWebhookAfterTheAnswersLatency() {
        SandboxGateway sandbox = sandbox(Behaviour.HEALTHY.withLatency(LatencyProfile.fixed(Duration.ofMillis(50))));

        sandbox.charge(order("k-ok"));
        sandbox.charge(order("k-no", "tok-decline", 10_000));
        assertThat(webhooks).isEmpty();
        time.advance(Duration.ofMillis(50));
        sandbox.cancel("k-ok", "changed my mind");
        time.advance(Duration.ofMillis(50));

        assertThat(webhooks)
                .extracting(Webhook::type)
                .containsExactly("payment.approved", "payment.declined", "payment.cancelled");
        assertThat(webhooks).extracting(Webhook::url).containsOnly(HOOK);
        assertThat(webhooks.get(2).payment().reason()).isEqualTo("changed my mind");
        assertThat(sandbox.webhooksPending()).isZero();
    }

    @Test
    void duplicatedWebhooksRepeatTheSameEventAndLateOnesComeAfterTheirDelay() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT
                .withDuplicateWebhookBasisPoints(10_000)
                .withLateWebhooks(10_000, Duration.ofSeconds(5)));

        sandbox.charge(order("k-1"));
        time.advance(Duration.ofSeconds(4));
        assertThat(webhooks).as("held back").isEmpty();
        time.advance(Duration.ofSeconds(1));

        assertThat(webhooks).hasSize(2);
        assertThat(webhooks.get(0)).isEqualTo(webhooks.get(1));
        assertThat(sandbox.activity().webhooksDuplicated()).isEqualTo(1);
        assertThat(sandbox.activity().webhooksLate()).isEqualTo(1);
    }

    @Test
    void duplicateAndLateWebhookRatesComeOutRoughlyAsConfigured() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT
                .withDuplicateWebhookBasisPoints(1_000)
                .withLateWebhooks(3_000, Duration.ofSeconds(5)));
        for (int i = 0; i < 10_000; i++) {
            sandbox.charge(order("k-" + i));
        }
        time.advance(Duration.ofSeconds(5));

        Activity activity = sandbox.activity();
        assertThat(activity.webhooksDuplicated()).isBetween(900L, 1_100L);
        assertThat(activity.webhooksLate()).isBetween(2_800L, 3_200L);
        assertThat(webhooks).hasSize(10_000 + (int) activity.webhooksDuplicated());
    }

    @Test
    void aChargeWithoutAnyWebhookUrlIsHandedOverWithoutOne() {
        SandboxGateway sandbox = new SandboxGateway(
                time.clock(),
                new SplittableRandom(1),
                time,
                webhooks::add,
                SandboxGateway.Limits.DEFAULT,
                Behaviour.INSTANT);

        sandbox.charge(order("k-1"));
        time.advance(Duration.ofSeconds(1));

        assertThat(webhooks)
                .singleElement()
                .satisfies(webhook -> assertThat(webhook.url()).isNull());
    }

    @Test
    void cancellingGivesTheMoneyBackOnceAndLeavesDeclinesAlone() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);
        sandbox.charge(order("k-1"));
        sandbox.charge(order("k-2", "tok-decline", 20_000));

        Payment cancelled = answered(sandbox.cancel("k-1", "refund"));
        Payment again = answered(sandbox.cancel("k-1", "refund"));
        Payment declined = answered(sandbox.cancel("k-2", "refund"));
        Reply unknown = sandbox.cancel("k-3", "refund");

        assertThat(cancelled.state()).isEqualTo(PaymentState.CANCELLED);
        assertThat(again).isEqualTo(cancelled);
        assertThat(declined.state()).isEqualTo(PaymentState.DECLINED);
        assertThat(unknown).isInstanceOf(Reply.NotFound.class);
        assertThat(answered(sandbox.charge(order("k-1"))).state())
                .as("charging a cancelled key again charges nothing")
                .isEqualTo(PaymentState.CANCELLED);
        Captures captures = sandbox.captures();
        assertThat(captures.approvedCount()).isEqualTo(1);
        assertThat(captures.cancelledKrw()).isEqualTo(45_000);
        assertThat(captures.capturedCount()).isZero();
        assertThat(captures.capturedKrw()).isZero();
        assertThat(captures.declinedCount()).isEqualTo(1);
    }

    @Test
    void anInquiryOfAnUnknownKeyIsNotFound() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);

        assertThat(sandbox.inquire("never-seen")).isInstanceOf(Reply.NotFound.class);
    }

    @Test
    void twoLiveCapturesForOnePurchaseShowAsAnOrderCapturedTwice() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);
        ChargeOrder first = new ChargeOrder("k-1", "person-1", SourceKind.CARD, "tok", 45_000, "purchase P-1", null);
        ChargeOrder second = new ChargeOrder("k-2", "person-1", SourceKind.CARD, "tok", 45_000, "purchase P-1", null);
        ChargeOrder someoneElse =
                new ChargeOrder("k-3", "person-2", SourceKind.CARD, "tok", 45_000, "purchase P-1", null);

        sandbox.charge(first);
        sandbox.charge(someoneElse);
        assertThat(sandbox.captures().ordersCapturedTwice()).isZero();
        sandbox.charge(second);
        assertThat(sandbox.captures().ordersCapturedTwice()).isEqualTo(1);
        sandbox.cancel("k-2", "charged twice");
        assertThat(sandbox.captures().ordersCapturedTwice()).isZero();
    }

    @Test
    void pastItsKeyLimitTheSandboxRefusesNewKeysButStillAnswersKnownOnes() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT, 1, new SandboxGateway.Limits(2, 10));
        sandbox.charge(order("k-1"));
        sandbox.charge(order("k-2"));

        Reply third = sandbox.charge(order("k-3"));

        assertThat(third).isInstanceOf(Reply.Failed.class);
        assertThat(((Reply.Failed) third).code()).isEqualTo("SANDBOX_FULL");
        assertThat(sandbox.charge(order("k-1"))).isInstanceOf(Reply.Answered.class);
        assertThat(sandbox.captures().keys()).isEqualTo(2);
        assertThat(sandbox.activity().refusedFull()).isEqualTo(1);
    }

    @Test
    void pastItsWebhookLimitTheSandboxDropsWebhooksAndCountsThem() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT, 1, new SandboxGateway.Limits(100, 3));
        for (int i = 0; i < 5; i++) {
            sandbox.charge(order("k-" + i));
        }

        assertThat(sandbox.webhooksPending()).isEqualTo(3);
        assertThat(sandbox.activity().webhooksDropped()).isEqualTo(2);
        time.runDue();
        assertThat(webhooks).hasSize(3);
        assertThat(sandbox.webhooksPending()).isZero();
    }

    @Test
    void paymentsArePagedInTheOrderTheirKeysWereFirstSeen() {
        SandboxGateway sandbox = sandbox(Behaviour.INSTANT);
        for (int i = 0; i < 5; i++) {
            sandbox.charge(order("k-" + i));
        }

        List<Payment> first = sandbox.payments(0, 2);
        List<Payment> rest = sandbox.payments(first.getLast().sequence(), 10);

        assertThat(first).extracting(Payment::idempotencyKey).containsExactly("k-0", "k-1");
        assertThat(rest).extracting(Payment::idempotencyKey).containsExactly("k-2", "k-3", "k-4");
        assertThatThrownBy(() -> sandbox.payments(0, SandboxGateway.PAGE_MAX + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badChargesAreRefusedBeforeTheyReachTheSandbox() {
        assertThatThrownBy(() -> order("k 1")).hasMessageContaining("idempotency key");
        assertThatThrownBy(() -> order("k-1", "tok", 0)).hasMessageContaining("amount");
        assertThatThrownBy(() -> new ChargeOrder("k-1", "p", SourceKind.CARD, "t", 1, "", "ftp://x/y"))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> Behaviour.INSTANT.withErrorBasisPoints(10_001)).hasMessageContaining("basis points");
    }
}
