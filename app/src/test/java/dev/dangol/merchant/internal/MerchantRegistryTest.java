package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static dev.dangol.merchant.internal.SampleMerchants.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.program.MerchantRule;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The registry keeps nearest-first search in step with every change it stores, and refuses what the rules do not allow. */
class MerchantRegistryTest {

    private static final ProgramId SEOUL = ProgramId.of("seoul-love");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MemoryMerchantStore store = new MemoryMerchantStore();
    private final MemoryMerchantIndex index = new MemoryMerchantIndex();
    private final SampleMerchants.MapPrograms programs = new SampleMerchants.MapPrograms();
    private final MerchantRegistry registry = new MerchantRegistry(store, index, programs, clock);

    private final Merchant jongno = riceCakeShop("m-1", "A-1", "1018100016");
    private final Merchant busan = new Merchant(
            MerchantId.of("m-2"),
            "A-2",
            new BusinessNumber("1018100020"),
            "자갈치횟집",
            "Jagalchi Hoe",
            "부산광역시 중구 자갈치해안로 52",
            "26110",
            new GeoPoint(350_966_000, 1_290_306_000),
            Industry.FISHMONGER,
            "자갈치시장",
            RevenueBand.UP_TO_800M,
            MerchantStatus.ACTIVE,
            null);

    @Test
    void startUpLoadsEveryStoredMerchantIntoSearch() {
        store.insert(jongno, clock.instant());
        store.insert(busan, clock.instant());
        assertThat(registry.loadIndex()).isEqualTo(2);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void searchFollowsRegistrationsClosuresAndProgramRules() {
        programs.define(ProgramDefaults.regional(SEOUL, "서울사랑상품권", "11000")
                .withMerchants(MerchantRule.regional(ProgramDefaults.SEOUL_TOWNS)));
        registry.register(jongno);
        registry.register(busan);
        Merchant nowhere = new Merchant(
                MerchantId.of("m-3"),
                "A-3",
                new BusinessNumber("1018100035"),
                "좌표없는가게",
                "No Place",
                "서울특별시 종로구 종로 1",
                "11110",
                null,
                Industry.GROCERY,
                null,
                RevenueBand.UP_TO_800M,
                MerchantStatus.ACTIVE,
                null);
        registry.register(nowhere);
        assertThat(index.size()).isEqualTo(2);

        GeoPoint daejeon = new GeoPoint(363_504_000, 1_273_845_000);
        assertThat(registry.nearest(NearestQuery.nearest(daejeon, 10)))
                .extracting(n -> n.merchant().id().value())
                .containsExactly("m-1", "m-2");
        NearestQuery seoulOnly = new NearestQuery(daejeon, 10, 0, SEOUL, null, true, null);
        assertThat(registry.nearest(seoulOnly))
                .extracting(n -> n.merchant().id().value())
                .containsExactly("m-1");

        registry.close(jongno.id(), "out of business");
        assertThat(registry.nearest(NearestQuery.nearest(daejeon, 10)))
                .extracting(n -> n.merchant().id().value())
                .containsExactly("m-2");
        assertThat(registry.nearest(seoulOnly)).isEmpty();
        assertThatThrownBy(
                        () -> registry.nearest(new NearestQuery(daejeon, 10, 0, ProgramId.of("x"), null, true, null)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("PROGRAM_NOT_FOUND"));
    }

    @Test
    void statusChangesKeepTheirFirstReasonAndAClosedMerchantStaysClosed() {
        registry.register(jongno);
        assertThat(registry.register(jongno)).isEqualTo(jongno);
        Merchant suspended = registry.suspend(jongno.id(), "voucher share under review");
        clock.advanceSeconds(60);
        assertThat(registry.suspend(jongno.id(), "another reason")).isEqualTo(suspended);
        assertThat(registry.reactivate(jongno.id()).status()).isEqualTo(MerchantStatus.ACTIVE);
        Merchant closed = registry.close(jongno.id(), "out of business");
        assertThat(closed.status()).isEqualTo(new MerchantStatus.Closed("out of business", clock.instant()));
        assertThat(registry.close(jongno.id(), "again")).isEqualTo(closed);
        assertThatThrownBy(() -> registry.reactivate(jongno.id()))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("MERCHANT_CLOSED"));
        assertThatThrownBy(() -> registry.suspend(MerchantId.of("nobody"), "x"))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("MERCHANT_NOT_FOUND"));
        assertThat(registry.merchant(jongno.id())).contains(closed);
    }

    @Test
    void aNewAgencyIdKeepsTheOldOneAsAnAliasAndIdsAreNotShared() {
        registry.register(jongno);
        registry.register(busan);
        Merchant renamed = new Merchant(
                jongno.id(),
                "A-1-NEW",
                jongno.businessNumber(),
                jongno.nameKorean(),
                jongno.nameRomanised(),
                jongno.address(),
                jongno.townCode(),
                jongno.location(),
                jongno.industry(),
                jongno.market(),
                jongno.revenueBand(),
                MerchantStatus.ACTIVE,
                jongno.settlementAccount());
        registry.update(renamed);
        assertThat(registry.byAgencyId("A-1")).contains(renamed);
        assertThat(registry.byAgencyId("A-1-NEW")).contains(renamed);
        assertThat(registry.aliases(jongno.id())).containsExactly("A-1");
        assertThat(registry.byBusinessNumber(jongno.businessNumber())).contains(renamed);

        Merchant thief = with(busan, "26110", Industry.FISHMONGER, null, RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
        Merchant takesOldId = new Merchant(
                thief.id(),
                "A-1",
                thief.businessNumber(),
                thief.nameKorean(),
                thief.nameRomanised(),
                thief.address(),
                thief.townCode(),
                thief.location(),
                thief.industry(),
                thief.market(),
                thief.revenueBand(),
                thief.status(),
                null);
        assertThatThrownBy(() -> registry.update(takesOldId))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("AGENCY_ID_TAKEN"));
        assertThatThrownBy(() -> registry.page(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.page(null, 10_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
