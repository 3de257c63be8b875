package dev.dangol.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void seoul2022ScalesBudgetCrowdAndAdmissionRateTogether() throws IOException {
        Scenario seoul = Scenario.load("scenarios/seoul-2022.properties");
        assertThat(seoul.realBudgetKrw()).isEqualTo(25_000_000_000L);
        assertThat(seoul.perPersonCapKrw()).isEqualTo(400_000);
        assertThat(seoul.discountBasisPoints()).isEqualTo(700);
        assertThat(seoul.realPeople()).isEqualTo(180_000);
        assertThat(seoul.scale()).isEqualTo(0.02);
        assertThat(seoul.budgetKrw()).isEqualTo(500_000_000L);
        assertThat(seoul.people()).isEqualTo(3_600);
        // 14.6 people a second in the real round, times the scale and the compression.
        assertThat(seoul.admissionsPerSecond()).isEqualTo(6);
        assertThat(seoul.gateway().outageStartSeconds()).isEqualTo(60);
        assertThat(seoul.gateway().outageLastsSeconds()).isEqualTo(30);
        assertThat(seoul.serverProperties()).containsEntry("dangol.queue.hold-time", "30s");

        Scenario half = seoul.withScale(0.01);
        assertThat(half.budgetKrw()).isEqualTo(250_000_000L);
        assertThat(half.people()).isEqualTo(1_800);
        assertThat(half.admissionsPerSecond()).isEqualTo(3);
    }

    @Test
    void theAveragePurchaseSeoulWantsIsNear387000() throws IOException {
        Scenario.Behaviour b = Scenario.load("scenarios/seoul-2022.properties").behaviour();
        double lessMean = (b.wantedLessMinKrw() + b.wantedLessMaxKrw()) / 2.0;
        double mean = (1 - b.wantedLessShare()) * 400_000 + b.wantedLessShare() * lessMean;
        assertThat(mean).isBetween(380_000.0, 395_000.0);
    }

    @Test
    void everyShippedScenarioLoads() throws IOException {
        for (String name : new String[] {"ci-smoke", "seoul-2022", "onnuri-2025"}) {
            Scenario s = Scenario.load("scenarios/" + name + ".properties");
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.people()).isPositive();
            assertThat(s.budgetKrw() % s.unitKrw()).isZero();
        }
        Scenario onnuri = Scenario.load("scenarios/onnuri-2025.properties");
        assertThat(onnuri.discountBasisPoints()).isEqualTo(1_000);
        assertThat(onnuri.monthlyLimitKrw()).isEqualTo(2_000_000);
        assertThat(onnuri.programKind()).isEqualTo("NATIONAL");
        assertThat(onnuri.townCode()).isEmpty();
        assertThat(onnuri.realPeople())
                .isGreaterThan(Scenario.load("scenarios/seoul-2022.properties").realPeople());
    }

    @Test
    void theGatewaySettingsUseTheAdminApisNames() {
        Scenario s = parse("gateway.latencyMs=5,10,20,30,40\ngateway.errorBp=250\n");
        Map<String, Object> settings = s.gateway().settings();
        assertThat(settings).containsEntry("errorBp", 250).containsKey("timeoutDelayMs");
        assertThat(settings.get("latencyMs")).isEqualTo(java.util.List.of(5, 10, 20, 30, 40));
        assertThat(s.gateway().outageStartSeconds()).isEqualTo(-1);
    }

    @Test
    void badFilesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> parse("round.budget=lots\n")).hasMessageContaining("'round.budget'");
        assertThatThrownBy(() -> parse("behaviour.abandonShare=1.5\n")).hasMessageContaining("behaviour.abandonShare");
        assertThatThrownBy(() -> parse("round.perPersonCap=405000\n")).hasMessageContaining("whole units");
        assertThatThrownBy(() -> parse("scale=0\n")).hasMessageContaining("scale");
        assertThatThrownBy(() -> parse("gateway.errorBp=20000\n")).hasMessageContaining("basis points");
        assertThatThrownBy(() -> parse("program.kind=NATIONAL\nprogram.townCode=00000\n"))
                .hasMessageContaining("'program.townCode' is for regional programs");
        assertThatThrownBy(() -> parse("program.kind=CITY\n")).hasMessageContaining("REGIONAL or NATIONAL");
        assertThat(parse("").townCode()).isEqualTo("11000");
        Properties missing = new Properties();
        missing.setProperty("name", "x");
        assertThatThrownBy(() -> Scenario.parse(missing)).hasMessageContaining("program.id");
        assertThatThrownBy(() -> Scenario.load("no-such-scenario")).hasMessageContaining("no scenario");
    }

    /** A small valid scenario, with {@code extra} lines winning over its defaults. */
    static Scenario parse(String extra) {
        String base = "name=test\nprogram.id=test-program\nround.budget=4000000\nround.perPersonCap=400000\n"
                + "round.discountBasisPoints=700\ncrowd.people=20\narrivals.curve=0:1,10:0\n";
        Properties p = new Properties();
        try {
            p.load(new StringReader(base + extra));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Scenario.parse(p);
    }
}
