package dev.dangol.merchant.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.SyntheticMerchants;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The nearest-merchant endpoint over real HTTP, without signing in: nearest first, filters, paging, and a
 * problem+json with its own code for every bad parameter.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class NearestApiIT {

    private static final String GWANGJANG = "lat=37.5700&lon=126.9996";
    private static final String JAGALCHI = "lat=35.0966&lon=129.0306";

    @Autowired
    Environment environment;

    @Autowired
    Merchants merchants;

    @Autowired
    MerchantRegister register;

    private JsonApi api;

    /**
     * The registry (on this context's own H2 database) gets 5,000 synthetic merchants across Korea once, beside the
     * demo's; the Seoul program's real rule then accepts Seoul's towns only.
     */
    @BeforeEach
    void registerSyntheticMerchantsOnce() {
        api = new JsonApi(environment.getRequiredProperty("local.server.port", Integer.class));
        SyntheticMerchants synthetic = new SyntheticMerchants(4);
        if (merchants.merchant(synthetic.merchant(0).id()).isEmpty()) {
            synthetic.stream(5_000).forEach(register::register);
        }
    }

    @Test
    void answersTheNearestMerchantsNearestFirstWithWhatAPersonNeedsToFindThem() {
        Answer answer = api.get("/api/v1/merchants/nearest?" + GWANGJANG, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode page = answer.json();
        assertThat(page.path("limit").asInt()).isEqualTo(20);
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("returned").asInt()).isEqualTo(20);
        assertThat(page.path("nextOffset").asInt()).isEqualTo(20);
        List<NearbyMerchant> expected = merchants.nearest(
                NearestQuery.nearest(new dev.dangol.merchant.GeoPoint(375_700_000, 1_269_996_000), 20));
        assertThat(ids(page))
                .isEqualTo(expected.stream().map(n -> n.merchant().id().value()).toList());
        JsonNode first = page.path("merchants").get(0);
        Merchant nearest = expected.getFirst().merchant();
        assertThat(first.path("nameKorean").asString()).isEqualTo(nearest.nameKorean());
        assertThat(first.path("nameRomanised").asString()).isEqualTo(nearest.nameRomanised());
        assertThat(first.path("address").asString()).isEqualTo(nearest.address());
        assertThat(first.path("industry").path("code").asString())
                .isEqualTo(nearest.industry().name());
        assertThat(first.path("industry").path("label").asString())
                .isEqualTo(nearest.industry().koreanLabel());
        assertThat(first.path("metres").asLong()).isEqualTo(expected.getFirst().metres());
        assertThat(first.path("status").asString()).isEqualTo("ACTIVE");
        long previous = 0;
        for (JsonNode merchant : page.path("merchants")) {
            assertThat(merchant.path("metres").asLong()).isGreaterThanOrEqualTo(previous);
            previous = merchant.path("metres").asLong();
        }
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        List<String> both = ids(api.get("/api/v1/merchants/nearest?" + JAGALCHI + "&limit=30", null)
                .json());
        List<String> paged = new ArrayList<>();
        paged.addAll(ids(api.get("/api/v1/merchants/nearest?" + JAGALCHI + "&limit=10", null)
                .json()));
        paged.addAll(ids(api.get("/api/v1/merchants/nearest?" + JAGALCHI + "&limit=20&offset=10", null)
                .json()));

        assertThat(both).hasSize(30).isEqualTo(paged);
    }

    @Test
    void filtersByIndustryNameProgramAndOpenStatus() {
        JsonNode riceCakes = api.get("/api/v1/merchants/nearest?" + GWANGJANG + "&industry=rice_cake", null)
                .json();
        assertThat(riceCakes.path("merchants"))
                .hasSize(20)
                .allSatisfy(m ->
                        assertThat(m.path("industry").path("code").asString()).isEqualTo("RICE_CAKE"));

        JsonNode named = api.get("/api/v1/merchants/nearest?" + GWANGJANG + "&name=%ED%95%A0%EB%A7%A4&limit=5", null)
                .json();
        assertThat(named.path("merchants"))
                .hasSize(5)
                .allSatisfy(m -> assertThat(m.path("nameKorean").asString()).contains("할매"));

        // From Busan, the Seoul program's merchants are all in Seoul (the program's rule: Seoul's towns).
        JsonNode seoulOnly = api.get("/api/v1/merchants/nearest?" + JAGALCHI + "&program=seoul-love&limit=5", null)
                .json();
        assertThat(seoulOnly.path("merchants"))
                .hasSize(5)
                .allSatisfy(m -> assertThat(m.path("townCode").asString()).startsWith("11"));

        JsonNode everyone = api.get("/api/v1/merchants/nearest?" + GWANGJANG + "&open=false&limit=100", null)
                .json();
        JsonNode openOnly = api.get("/api/v1/merchants/nearest?" + GWANGJANG + "&limit=100", null)
                .json();
        assertThat(everyone.path("merchants").findValuesAsString("status")).contains("ACTIVE");
        assertThat(everyone.path("merchants").findValuesAsString("status"))
                .anyMatch(status -> !status.equals("ACTIVE"));
        assertThat(openOnly.path("merchants").findValuesAsString("status")).containsOnly("ACTIVE");
    }

    @Test
    void everyBadParameterGetsItsOwnCodeAndASentenceAndNothingElse() {
        String[][] cases = {
            {"lon=126.9996", "LOCATION_MISSING"},
            {"lat=37.57", "LOCATION_MISSING"},
            {"lat=abc&lon=126.9996", "LOCATION_INVALID"},
            {"lat=37,57&lon=126.9996", "LOCATION_INVALID"},
            {"lat=37.57&lon=1e2", "LOCATION_INVALID"},
            {"lat=91&lon=126.9996", "LOCATION_OUT_OF_RANGE"},
            {"lat=126.9996&lon=37.57", "LOCATION_OUT_OF_RANGE"},
            {"lat=37.57&lon=-180.0000001", "LOCATION_OUT_OF_RANGE"},
            {GWANGJANG + "&limit=0", "LIMIT_OUT_OF_RANGE"},
            {GWANGJANG + "&limit=101", "LIMIT_OUT_OF_RANGE"},
            {GWANGJANG + "&limit=ten", "LIMIT_OUT_OF_RANGE"},
            {GWANGJANG + "&offset=1001", "OFFSET_OUT_OF_RANGE"},
            {GWANGJANG + "&offset=-1", "OFFSET_OUT_OF_RANGE"},
            {GWANGJANG + "&industry=SPACESHIPS", "UNKNOWN_INDUSTRY"},
            {GWANGJANG + "&program=no-such-program", "UNKNOWN_PROGRAM"},
            {GWANGJANG + "&program=%20bad%20id%20", "UNKNOWN_PROGRAM"},
            {GWANGJANG + "&open=maybe", "OPEN_INVALID"},
            {GWANGJANG + "&name=" + "x".repeat(51), "NAME_TOO_LONG"},
        };
        for (String[] bad : cases) {
            Answer answer = api.get("/api/v1/merchants/nearest?" + bad[0], null);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
            assertThat(answer.code()).as(answer.toString()).isEqualTo(bad[1]);
            assertThat(answer.json().path("detail").asString())
                    .as(answer.toString())
                    .endsWith(".");
        }
    }

    private static List<String> ids(JsonNode page) {
        return page.path("merchants").findValuesAsString("id");
    }
}
