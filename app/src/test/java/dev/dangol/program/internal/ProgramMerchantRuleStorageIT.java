package dev.dangol.program.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.MerchantRule;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.ProgramKind;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.testing.MigratedDatabase;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Programs' rules for merchants survive the database (V6_2), on H2 and PostgreSQL, and a program stored before the
 * rules were (its columns null) reads back with the default rule of its kind.
 */
class ProgramMerchantRuleStorageIT {

    @Test
    void rulesRoundTripOnH2() {
        roundTrip(MigratedDatabase::h2);
    }

    @Test
    void rulesRoundTripOnPostgres() {
        roundTrip(MigratedDatabase::postgres);
    }

    private static void roundTrip(Supplier<MigratedDatabase> databases) {
        try (MigratedDatabase database = databases.get()) {
            JdbcProgramRepository repository = new JdbcProgramRepository(database.jdbc());
            Program seoul = ProgramDefaults.regional(ProgramId.of("seoul-love"), "서울사랑상품권", "11000")
                    .withMerchants(MerchantRule.regional(ProgramDefaults.SEOUL_TOWNS));
            Program uncapped = ProgramDefaults.national(ProgramId.of("open"), "열린상품권")
                    .withMerchants(new MerchantRule(false, Set.of(), null, Set.of()));
            Program lowCap = ProgramDefaults.regional(ProgramId.of("jongno"), "종로사랑상품권", "11110")
                    .withMerchants(new MerchantRule(
                            true, Set.of("11110"), Money.krw(1_200_000_000L), Set.of("GAMBLING", "FUEL")));
            for (Program program : new Program[] {seoul, uncapped, lowCap}) {
                repository.insertIfAbsent(program);
                assertThat(repository.program(program.id())).contains(program);
            }

            database.jdbc()
                    .sql("update program set merchant_market_required = null, merchant_towns = null,"
                            + " merchant_revenue_cap = null, merchant_excluded_industries = null where id = ?")
                    .param("jongno")
                    .update();
            Program older = repository.program(ProgramId.of("jongno")).orElseThrow();
            assertThat(older.merchants()).isEqualTo(MerchantRule.defaultFor(ProgramKind.REGIONAL, "11110"));
        }
    }
}
