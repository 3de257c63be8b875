package dev.dangol.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.shared.MerchantId;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.TestSessions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry over HTTP with the demo's merchants: reading a merchant and its eligibility, operators registering,
 * suspending and closing merchants and importing master-data files. Every bad request is a 4xx in problem+json with
 * a code and changes nothing; the operator's endpoints refuse everyone else.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class MerchantApiIT {

    private static final String CSV_HEADER = "agency_id,business_number,name_korean,name_romanised,address,town_code,"
            + "crs,x,y,industry,market,annual_revenue_krw,remarks\n";

    @Autowired
    Environment environment;

    @Autowired
    Merchants merchants;

    private JsonApi api;
    private String operator;
    private String citizen;

    @BeforeEach
    void signIn() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        api = new JsonApi(port);
        TestSessions sessions = new TestSessions(port);
        operator = sessions.demoOperator().authorization();
        citizen = sessions.signIn("김민준", "010-1000-0001").authorization();
    }

    @Test
    void theDemoRiceCakeShopTakesBothProgramsAndOthersSayWhyNot() {
        Answer shop = api.get("/api/v1/merchants/demo-shop-1", null);
        assertThat(shop.status()).as(shop.toString()).isEqualTo(200);
        JsonNode json = shop.json();
        assertThat(json.get("townCode").asString()).isEqualTo("11110");
        assertThat(json.get("market").asString()).isEqualTo("광장시장");
        assertThat(json.get("settlementAccount").get("accountNumber").asString())
                .isEqualTo("*******8901");
        assertThat(shop.body()).doesNotContain("12345678901");

        assertThat(eligibility("demo-shop-1", "onnuri").get("eligible").asBoolean())
                .isTrue();
        assertThat(eligibility("demo-shop-1", "seoul-love").get("eligible").asBoolean())
                .isTrue();
        JsonNode busan = eligibility("demo-shop-3", "seoul-love");
        assertThat(busan.get("eligible").asBoolean()).isFalse();
        assertThat(busan.get("reason").asString()).contains("town 26110");
        assertThat(eligibility("demo-shop-3", "onnuri").get("eligible").asBoolean())
                .isTrue();
        assertThat(eligibility("demo-shop-4", "seoul-love").get("reason").asString())
                .contains("LARGE_MART");
        assertThat(eligibility("demo-shop-5", "onnuri").get("reason").asString())
                .contains("suspended");
        assertThat(eligibility("demo-shop-6", "onnuri").get("reason").asString())
                .contains("closed");
    }

    @Test
    void badReadsAreProblemsWithCodes() {
        problem(api.get("/api/v1/merchants/nobody", null), 404, "MERCHANT_NOT_FOUND");
        problem(api.get("/api/v1/merchants/not%20an%20id", null), 400, "INVALID_REQUEST");
        problem(api.get("/api/v1/merchants/demo-shop-1/eligibility", null), 400, "PROGRAM_MISSING");
        problem(
                api.get("/api/v1/merchants/demo-shop-1/eligibility?program=no-such-program", null),
                404,
                "PROGRAM_NOT_FOUND");
        problem(api.get("/api/v1/operator/merchants?limit=0", operator), 400, "LIMIT_OUT_OF_RANGE");
    }

    @Test
    void operatorsRegisterSuspendReactivateAndCloseMerchants() {
        ObjectNode body = newMerchant("api-shop-1", "API-0001", "1018100016");
        problem(api.post("/api/v1/operator/merchants", null, body), 401, "");
        problem(api.post("/api/v1/operator/merchants", citizen, body), 403, "ROLE_REQUIRED");
        assertThat(merchants.merchant(MerchantId.of("api-shop-1"))).isEmpty();

        Answer created = api.post("/api/v1/operator/merchants", operator, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/merchants/api-shop-1");
        assertThat(created.json().get("revenueBand").asString()).isEqualTo("UP_TO_800M");
        Answer again = api.post("/api/v1/operator/merchants", operator, body);
        assertThat(again.status()).isEqualTo(201);
        ObjectNode clash = newMerchant("api-shop-1", "API-0001", "1018100020");
        problem(api.post("/api/v1/operator/merchants", operator, clash), 409, "MERCHANT_EXISTS");
        problem(
                api.post("/api/v1/operator/merchants", operator, newMerchant("api-shop-2", "API-0001", "1018100020")),
                409,
                "AGENCY_ID_TAKEN");

        String path = "/api/v1/operator/merchants/api-shop-1";
        ObjectNode reason = JsonApi.object().put("reason", "voucher share under review");
        problem(api.post(path + "/suspension", citizen, reason), 403, "ROLE_REQUIRED");
        problem(api.post(path + "/suspension", operator, JsonApi.object()), 400, "REASON_MISSING");
        Answer suspended = api.post(path + "/suspension", operator, reason);
        assertThat(suspended.json().get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(eligibility("api-shop-1", "onnuri").get("eligible").asBoolean())
                .isFalse();
        Answer reactivated = api.delete(path + "/suspension", operator);
        assertThat(reactivated.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(eligibility("api-shop-1", "onnuri").get("eligible").asBoolean())
                .isTrue();

        Answer account = api.put(
                path + "/settlement-account",
                operator,
                JsonApi.object()
                        .put("bankCode", "088")
                        .put("accountNumber", "110-123-456789")
                        .put("holderName", "박사장"));
        assertThat(account.json().get("settlementAccount").get("accountNumber").asString())
                .isEqualTo("********6789");
        problem(
                api.put(path + "/settlement-account", operator, JsonApi.object().put("bankCode", "88")),
                400,
                "INVALID_REQUEST");

        Answer closed = api.post(path + "/closure", operator, JsonApi.object().put("reason", "폐업"));
        assertThat(closed.json().get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.json().get("statusReason").asString()).isEqualTo("폐업");
        problem(api.delete(path + "/suspension", operator), 422, "MERCHANT_CLOSED");
        problem(api.post(path + "/suspension", operator, reason), 422, "MERCHANT_CLOSED");
        problem(api.delete("/api/v1/operator/merchants/nobody/suspension", operator), 404, "MERCHANT_NOT_FOUND");
    }

    @Test
    void badRegistrationsChangeNothing() {
        List<Merchant> before = merchants.page(null, 1_000);
        problem(
                api.post("/api/v1/operator/merchants", operator, newMerchant("bad-1", "BAD-1", "1018100017")),
                400,
                "INVALID_REQUEST");
        problem(
                api.post(
                        "/api/v1/operator/merchants",
                        operator,
                        newMerchant("bad-2", "BAD-2", "1018100035").put("industry", "SPACESHIPS")),
                400,
                "MALFORMED_REQUEST");
        ObjectNode noRevenue = newMerchant("bad-3", "BAD-3", "1018100035");
        noRevenue.remove("annualRevenueKrw");
        problem(api.post("/api/v1/operator/merchants", operator, noRevenue), 400, "REVENUE_MISSING");
        problem(
                api.post(
                        "/api/v1/operator/merchants",
                        operator,
                        newMerchant("bad-4", "BAD-4", "1018100035").put("townCode", "seoul")),
                400,
                "INVALID_REQUEST");
        ObjectNode halfAPlace = newMerchant("bad-5", "BAD-5", "1018100035");
        halfAPlace.remove("longitude");
        problem(api.post("/api/v1/operator/merchants", operator, halfAPlace), 400, "LOCATION_INCOMPLETE");
        assertThat(merchants.page(null, 1_000)).isEqualTo(before);
    }

    @Test
    void operatorsImportMasterDataFilesOnceAndSeeTheirHistory() {
        String file = CSV_HEADER
                + "FILE-001,1018100049,통인시장기름떡볶이,Tongin Tteokbokki,서울특별시 종로구 자하문로15길 18,11110,"
                + "EPSG:5179,953400.0,1953500.0,RESTAURANT,통인시장,450000000,단골\n"
                + "\n"
                + "FILE-002,1018100049,중복,Duplicate,서울특별시 종로구 1,11110,,,,GROCERY,,1,\n";
        String path = "/api/v1/operator/merchant-files?kind=DELTA&name=semas-delta.csv";
        problem(api.send("POST", path, null, file, "Content-Type", "text/csv"), 401, "");
        problem(api.send("POST", path, citizen, file, "Content-Type", "text/csv"), 403, "ROLE_REQUIRED");
        problem(
                api.send("POST", "/api/v1/operator/merchant-files", operator, file, "Content-Type", "text/csv"),
                400,
                "KIND_MISSING");
        problem(
                api.send(
                        "POST",
                        "/api/v1/operator/merchant-files?kind=SOME",
                        operator,
                        file,
                        "Content-Type",
                        "text/csv"),
                400,
                "KIND_UNKNOWN");
        problem(
                api.send("POST", path, operator, "agency_id,name_korean\nX,가게\n", "Content-Type", "text/csv"),
                422,
                "MERCHANT_FILE_UNREADABLE");
        assertThat(merchants.byAgencyId("FILE-001")).isEmpty();

        Answer imported = api.send("POST", path, operator, file, "Content-Type", "text/csv");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        JsonNode report = imported.json();
        assertThat(report.get("added").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").asInt()).isEqualTo(1);
        assertThat(report.get("encoding").asString()).isEqualTo("UTF-8");
        assertThat(report.get("rejections").get(0).get("line").asInt()).isEqualTo(4);
        assertThat(report.get("rejections").get(0).get("agencyId").asString()).isEqualTo("FILE-002");
        assertThat(report.get("warnings").toString()).contains("remarks");
        Merchant added = merchants.byAgencyId("FILE-001").orElseThrow();
        assertThat(added.location()).isNotNull();
        assertThat(merchants
                        .eligibility(added, dev.dangol.shared.ProgramId.of("onnuri"))
                        .eligible())
                .isTrue();

        Answer repeated = api.send("POST", path, operator, file, "Content-Type", "text/csv");
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("repeated").asBoolean()).isTrue();
        assertThat(repeated.json().get("id").asString())
                .isEqualTo(report.get("id").asString());

        Answer history = api.get("/api/v1/operator/merchant-files?limit=10", operator);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get(0).get("id").asString())
                .isEqualTo(report.get("id").asString());
        problem(api.get("/api/v1/operator/merchant-files", citizen), 403, "ROLE_REQUIRED");
        problem(api.get("/api/v1/operator/merchant-files?limit=5000", operator), 400, "LIMIT_OUT_OF_RANGE");
    }

    private JsonNode eligibility(String merchant, String program) {
        Answer answer = api.get("/api/v1/merchants/" + merchant + "/eligibility?program=" + program, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static void problem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        if (!code.isEmpty()) {
            assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
        }
        assertThat(answer.json().path("detail").asString(""))
                .as(answer.toString())
                .isNotBlank();
    }

    private static ObjectNode newMerchant(String id, String agencyId, String businessNumber) {
        return JsonApi.object()
                .put("id", id)
                .put("agencyId", agencyId)
                .put("businessNumber", businessNumber)
                .put("nameKorean", "통인시장도시락")
                .put("nameRomanised", "Tongin Dosirak")
                .put("address", "서울특별시 종로구 자하문로15길 18 통인시장")
                .put("townCode", "11110")
                .put("latitude", 37.5809)
                .put("longitude", 126.9697)
                .put("industry", "RESTAURANT")
                .put("market", "통인시장")
                .put("annualRevenueKrw", 300_000_000L);
    }
}
