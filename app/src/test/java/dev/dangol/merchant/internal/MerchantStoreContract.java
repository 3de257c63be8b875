package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static dev.dangol.merchant.internal.SampleMerchants.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every merchant store does, in memory and in SQL alike. */
abstract class MerchantStoreContract {

    static final Instant AT = Instant.parse("2026-12-01T00:00:00.123Z");

    abstract MerchantStore store();

    @Test
    void aStoredMerchantIsFoundByIdBusinessNumberAndAgencyIdExactlyAsWritten() {
        Merchant shop = riceCakeShop("m-001", "SEMAS-001", "1018100016");
        store().atomically(() -> {
            store().insert(shop, AT);
            return null;
        });
        assertThat(store().merchant(shop.id())).contains(shop);
        assertThat(store().byBusinessNumber(new BusinessNumber("1018100016"))).containsExactly(shop);
        assertThat(store().byCurrentAgencyId("SEMAS-001")).contains(shop);
        assertThat(store().byCurrentAgencyId("SEMAS-002")).isEmpty();
        assertThat(store().merchant(MerchantId.of("m-404"))).isEmpty();
    }

    @Test
    void anUpdateReplacesDetailsAndStatusWithItsReasonAndDate() {
        Merchant shop = riceCakeShop("m-001", "SEMAS-001", "1018100016");
        store().insert(shop, AT);
        Merchant suspended = with(
                shop,
                "11140",
                Industry.BAKERY,
                null,
                RevenueBand.UP_TO_3B,
                new MerchantStatus.Suspended("voucher share under review", AT));
        store().update(suspended, AT.plusSeconds(60));
        assertThat(store().merchant(shop.id())).contains(suspended);
        Merchant closed = suspended.withStatus(new MerchantStatus.Closed("out of business", AT));
        store().update(closed, AT.plusSeconds(120));
        assertThat(store().merchant(shop.id())).contains(closed);
        Merchant noPlaceNoAccount = new Merchant(
                shop.id(),
                "SEMAS-001B",
                shop.businessNumber(),
                shop.nameKorean(),
                shop.nameRomanised(),
                shop.address(),
                shop.townCode(),
                null,
                shop.industry(),
                shop.market(),
                shop.revenueBand(),
                MerchantStatus.ACTIVE,
                null);
        store().update(noPlaceNoAccount, AT.plusSeconds(180));
        assertThat(store().merchant(shop.id())).contains(noPlaceNoAccount);
        assertThat(store().byCurrentAgencyId("SEMAS-001")).isEmpty();
    }

    @Test
    void aliasesFindTheMerchantTheyNamedBefore() {
        Merchant shop = riceCakeShop("m-001", "SEMAS-NEW", "1018100016");
        store().insert(shop, AT);
        store().addAlias("SEMAS-OLD", shop.id(), AT);
        store().addAlias("BIZPLAY-77", shop.id(), AT.plusSeconds(1));
        assertThat(store().byAlias("SEMAS-OLD")).contains(shop);
        assertThat(store().byAlias("SEMAS-NEW")).isEmpty();
        assertThat(store().aliases(shop.id())).containsExactly("SEMAS-OLD", "BIZPLAY-77");

        // Many at once, as the sync looks them up a chunk of rows at a time.
        assertThat(store().byCurrentAgencyIds(List.of("SEMAS-NEW", "SEMAS-OLD", "NOBODY")))
                .isEqualTo(java.util.Map.of("SEMAS-NEW", shop));
        assertThat(store().byAliases(List.of("SEMAS-NEW", "SEMAS-OLD", "BIZPLAY-77", "NOBODY")))
                .isEqualTo(java.util.Map.of("SEMAS-OLD", shop, "BIZPLAY-77", shop));
        assertThat(store().byCurrentAgencyIds(List.of())).isEmpty();
        assertThat(store().byAliases(List.of())).isEmpty();
    }

    @Test
    void pagesWalkMerchantsInIdOrder() {
        List<String> businessNumbers = List.of("1018100020", "1018100035", "1018100049", "1018100054", "1018100068");
        for (int i = 4; i >= 0; i--) {
            store().insert(riceCakeShop("m-00" + i, "A-" + i, businessNumbers.get(i)), AT);
        }
        assertThat(store().page(null, 2)).extracting(m -> m.id().value()).containsExactly("m-000", "m-001");
        assertThat(store().page(MerchantId.of("m-001"), 10))
                .extracting(m -> m.id().value())
                .containsExactly("m-002", "m-003", "m-004");
        assertThat(store().page(MerchantId.of("m-004"), 10)).isEmpty();
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        Merchant shop = riceCakeShop("m-001", "SEMAS-001", "1018100016");
        assertThatThrownBy(() -> store().atomically(() -> {
                    store().insert(shop, AT);
                    store().addAlias("OLD-1", shop.id(), AT);
                    throw new IllegalStateException("the file turned out unreadable");
                }))
                .hasMessageContaining("unreadable");
        assertThat(store().merchant(shop.id())).isEmpty();
        assertThat(store().byAlias("OLD-1")).isEmpty();
    }

    @Test
    void importedFilesAreKeptWithTheirRejectedRowsAndListedNewestFirst() {
        MerchantFileReport first = report("f-1", "a".repeat(64), AT);
        MerchantFileReport second = report("f-2", "b".repeat(64), AT.plusSeconds(3600));
        store().recordFile(first, "P-1");
        store().recordFile(second, null);
        assertThat(store().fileBySha256("a".repeat(64))).contains(first);
        assertThat(store().fileBySha256("c".repeat(64))).isEmpty();
        List<MerchantFileReport> history = store().files(10);
        assertThat(history).extracting(MerchantFileReport::id).containsExactly("f-2", "f-1");
        assertThat(history.getFirst().rejections()).isEmpty();
        assertThat(history.getFirst().rejected()).isEqualTo(1);
        assertThat(history.getFirst().warnings()).containsExactly("Columns Dangol does not read were ignored: memo.");
    }

    private static MerchantFileReport report(String id, String sha, Instant at) {
        return new MerchantFileReport(
                id,
                sha,
                MerchantFileKind.FULL,
                "semas-2026-12.csv",
                "CP949",
                at,
                3,
                1,
                1,
                0,
                0,
                1,
                List.of(new MerchantFileReport.RejectedRow(4, "SEMAS-9", "business_number fails its check digit")),
                List.of("Columns Dangol does not read were ignored: memo."),
                false);
    }
}
