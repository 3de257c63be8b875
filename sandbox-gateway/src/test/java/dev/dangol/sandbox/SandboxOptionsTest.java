package dev.dangol.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's options: from arguments over the environment, with one name per setting everywhere. */
class SandboxOptionsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");

    @Test
    void withNothingGivenTheSandboxIsHealthyOnLoopback() {
        SandboxOptions options = SandboxOptions.parse(List.of(), Map.of(), NOW);

        assertThat(options).isEqualTo(SandboxOptions.DEFAULT);
        assertThat(options.bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        SandboxOptions options = SandboxOptions.parse(
                List.of("--port", "0", "--decline-bp=250", "--latency-ms=1,2,3,4,5", "--timeout-answer", "never"),
                Map.of("SANDBOX_DECLINE_BP", "100", "SANDBOX_ERROR_BP", "50", "SANDBOX_SEED", "99"),
                NOW);

        assertThat(options.port()).isZero();
        assertThat(options.seed()).isEqualTo(99);
        Behaviour behaviour = options.behaviour();
        assertThat(behaviour.declineBasisPoints()).isEqualTo(250);
        assertThat(behaviour.errorBasisPoints()).isEqualTo(50);
        assertThat(behaviour.latency()).isEqualTo(LatencyProfile.ofMillis(1, 2, 3, 4, 5));
        assertThat(behaviour.timeoutAnswer()).isEqualTo(TimeoutAnswer.NEVER);
    }

    @Test
    void anOutageIsGivenAsStartAndLengthFromNow() {
        SandboxOptions options = SandboxOptions.parse(List.of("--outage=1000+5000:refuse"), Map.of(), NOW);

        assertThat(options.behaviour().outages())
                .containsExactly(new Outage(NOW.plusSeconds(1), NOW.plusSeconds(6), true));
    }

    @Test
    void everySettingCanBeReadBackUnderItsOwnName() {
        Behaviour changed = Behaviour.HEALTHY;
        Map<String, String> values = Map.of(
                "latencyMs", "1,2,3,4,5",
                "declineBp", "1",
                "errorBp", "2",
                "timeoutBp", "3",
                "timeoutDelayMs", "4000",
                "timeoutAnswer", "NEVER",
                "duplicateWebhookBp", "5",
                "lateWebhookBp", "6",
                "lateWebhookDelayMs", "7000",
                "webhookUrl", "http://127.0.0.1:1/h");
        for (Map.Entry<String, String> entry : values.entrySet()) {
            changed = SandboxOptions.apply(changed, entry.getKey(), entry.getValue());
        }

        Map<String, Object> settings = SandboxOptions.settingsOf(changed);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            assertThat(String.valueOf(settings.get(entry.getKey())))
                    .as(entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        assertThat(SandboxOptions.SETTINGS.keySet()).containsExactlyInAnyOrderElementsOf(values.keySet());
        assertThat(changed.timeoutDelay()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--colour=red"), Map.of(), NOW))
                .hasMessageContaining("no option --colour");
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--decline-bp=lots"), Map.of(), NOW))
                .hasMessageContaining("basis points");
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--webhook-secret=short"), Map.of(), NOW))
                .hasMessageContaining("16 characters");
        assertThatThrownBy(() -> SandboxOptions.apply(Behaviour.HEALTHY, "speed", "1"))
                .hasMessageContaining("no setting 'speed'");
        assertThat(SandboxOptions.usage()).contains("--decline-bp").contains("--outage");
    }
}
