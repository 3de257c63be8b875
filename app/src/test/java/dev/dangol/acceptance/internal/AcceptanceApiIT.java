package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.RoleGrants;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.Merchants;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.TestSessions;
import dev.dangol.testing.TestSessions.SignedIn;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * QR acceptance over HTTP: scans as a citizen, merchants' codes and PNGs, an operator's import of a previous operator's
 * list, the alerts and the readiness report; and every bad request answered in problem+json with a code.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class AcceptanceApiIT {

    @Autowired
    Environment environment;

    @Autowired
    RoleGrants roleGrants;

    @Autowired
    Merchants merchants;

    @Autowired
    MerchantRegister register;

    @Autowired
    MerchantMembers members;

    private String shopCode;

    private JsonApi api;
    private SignedIn citizen;
    private SignedIn operator;
    private SignedIn merchant;
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    @BeforeEach
    void signedIn() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        api = new JsonApi(port);
        TestSessions sessions = new TestSessions(port);
        citizen = sessions.signIn("김시민", "010-6100-0001");
        operator = sessions.demoOperator();
        SignedIn owner = sessions.signIn("박상인", "010-6100-0002");
        roleGrants.replace(PersonId.of(owner.personId()), Set.of(Role.CITIZEN, Role.MERCHANT));
        // Two rice-cake shops in the registry (registering the same details again changes nothing); the owner acts
        // for both.
        for (int i = 1; i <= 2; i++) {
            Merchant shop = register.register(MerchantBook.shop("qr-shop-" + i, "QRIT-000" + i, 700_000 + i));
            members.link(PersonId.of(owner.personId()), shop.id());
        }
        merchant = owner;
        shopCode = DangolCodes.sticker(
                        merchants.merchant(MerchantId.of("qr-shop-1")).orElseThrow())
                .payload();
    }

    @Test
    void aCitizenScansAMerchantsDangolCodeAndCanPay() {
        Answer code = api.get("/api/v1/merchants/qr-shop-1/qr", operator.authorization());
        assertThat(code.status()).as(code.toString()).isEqualTo(200);
        assertThat(code.json().path("payload").asString()).isEqualTo(shopCode);

        Answer scan = api.post(
                "/api/v1/scans",
                citizen.authorization(),
                JsonApi.object().put("payload", shopCode).put("program", "onnuri"));
        assertThat(scan.status()).as(scan.toString()).isEqualTo(200);
        assertThat(scan.json().path("outcome").asString()).isEqualTo("RESOLVED");
        assertThat(scan.json().path("merchant").path("id").asString()).isEqualTo("qr-shop-1");
        assertThat(scan.json().path("issuer").asString()).isEqualTo("DANGOL");
        assertThat(scan.json().path("message").asString()).contains("광장할매떡집");
    }

    @Test
    void aDamagedOrUnknownCodeIsATypedOutcomeNotAnError() {
        Answer damaged = api.post(
                "/api/v1/scans",
                citizen.authorization(),
                JsonApi.object()
                        .put(
                                "payload",
                                shopCode.substring(0, shopCode.length() - 1) + (shopCode.endsWith("0") ? "1" : "0"))
                        .put("program", "onnuri"));
        assertThat(damaged.status()).isEqualTo(200);
        assertThat(damaged.json().path("outcome").asString()).isEqualTo("CORRUPT");
        assertThat(damaged.json().path("problem").asString()).isEqualTo("CRC_MISMATCH");

        String unknown = NuriCodes.number("12345678901");
        Answer notLinked = api.post(
                "/api/v1/scans",
                citizen.authorization(),
                JsonApi.object().put("payload", unknown).put("program", "seoul-love"));
        assertThat(notLinked.json().path("outcome").asString()).isEqualTo("NOT_LINKED");
        assertThat(notLinked.json().path("search").path("link").asString()).startsWith("/api/v1/merchants/nearest");

        Answer alerts = api.get("/api/v1/operator/scan-alerts", operator.authorization());
        assertThat(alerts.status()).isEqualTo(200);
        assertThat(alerts.body()).contains(unknown);
        assertThat(api.get("/api/v1/operator/scan-alerts", citizen.authorization())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void badScanRequestsAreRefusedInProblemJson() {
        assertProblem(
                api.post(
                        "/api/v1/scans",
                        null,
                        JsonApi.object().put("payload", "x").put("program", "onnuri")),
                401,
                null);
        assertProblem(
                api.post(
                        "/api/v1/scans",
                        citizen.authorization(),
                        JsonApi.object().put("program", "onnuri")),
                400,
                "FIELD_MISSING");
        assertProblem(
                api.post(
                        "/api/v1/scans",
                        citizen.authorization(),
                        JsonApi.object().put("payload", shopCode).put("program", "no-such-program")),
                404,
                "PROGRAM_NOT_FOUND");
        assertProblem(
                api.post(
                        "/api/v1/scans",
                        citizen.authorization(),
                        JsonApi.object().put("payload", shopCode).put("program", "bad program!")),
                404,
                "PROGRAM_NOT_FOUND");
        assertProblem(
                api.send("POST", "/api/v1/scans", citizen.authorization(), "{\"payload\":"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void merchantsAndOperatorsGetCodesAndPngsCitizensDoNot() throws Exception {
        assertThat(api.get("/api/v1/merchants/qr-shop-2/qr", merchant.authorization())
                        .status())
                .isEqualTo(200);
        assertProblem(api.get("/api/v1/merchants/qr-shop-2/qr", citizen.authorization()), 403, "ROLE_REQUIRED");
        SignedIn stranger = new TestSessions(port).signIn("최상인", "010-6100-0003");
        roleGrants.replace(PersonId.of(stranger.personId()), Set.of(Role.CITIZEN, Role.MERCHANT));
        assertProblem(
                api.get("/api/v1/merchants/qr-shop-2/qr", stranger.authorization()), 403, "NOT_THIS_MERCHANTS_MEMBER");
        assertProblem(api.get("/api/v1/merchants/nobody/qr", operator.authorization()), 404, "MERCHANT_NOT_FOUND");
        assertProblem(
                api.get("/api/v1/merchants/qr-shop-2/qr.png?size=5", operator.authorization()),
                400,
                "SIZE_OUT_OF_RANGE");

        HttpResponse<byte[]> png = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/merchants/qr-shop-1/qr.png"))
                        .header("Authorization", merchant.authorization())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(png.body()));
        String read = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        assertThat(read).isEqualTo(shopCode);

        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/merchant/qr?id=qr-shop-1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/api/v1/merchants/").contains("window.print()");
    }

    @Test
    void anOperatorImportsAPreviousOperatorsListAndItsStickersResolve() {
        String sticker = HanbitCodes.url("AP7T00001");
        String csv =
                IssuedCodeRegistry.HEADER + "\n" + sticker + ",QRIT-0002,2020-04-01\nnot-a-code,QRIT-0002,2020-04-01\n";
        Answer imported = api.send(
                "POST",
                "/api/v1/operator/issued-codes?operator=HANBIT",
                operator.authorization(),
                csv,
                "Content-Type",
                "text/csv");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().path("added").asInt()).isEqualTo(1);
        assertThat(imported.json().path("rejected").get(0).path("line").asInt()).isEqualTo(3);

        Answer again = api.send(
                "POST",
                "/api/v1/operator/issued-codes?operator=hanbit",
                operator.authorization(),
                csv,
                "Content-Type",
                "text/csv");
        assertThat(again.json().path("added").asInt()).isZero();
        assertThat(again.json().path("unchanged").asInt()).isEqualTo(1);

        Answer scan = api.post(
                "/api/v1/scans",
                citizen.authorization(),
                JsonApi.object().put("payload", sticker).put("program", "onnuri"));
        assertThat(scan.json().path("outcome").asString()).isEqualTo("RESOLVED");
        assertThat(scan.json().path("merchant").path("id").asString()).isEqualTo("qr-shop-2");
        assertThat(scan.json().path("issuer").asString()).isEqualTo("HANBIT");

        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/operator/issued-codes?operator=ACME",
                        operator.authorization(),
                        csv,
                        "Content-Type",
                        "text/csv"),
                400,
                "OPERATOR_UNKNOWN");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/operator/issued-codes?operator=NURI",
                        operator.authorization(),
                        "code,merchant\n",
                        "Content-Type",
                        "text/csv"),
                400,
                "HEADER_WRONG");
        assertProblem(
                api.send(
                        "POST",
                        "/api/v1/operator/issued-codes?operator=NURI",
                        citizen.authorization(),
                        csv,
                        "Content-Type",
                        "text/csv"),
                403,
                "ROLE_REQUIRED");

        Answer readiness = api.get("/api/v1/operator/readiness", operator.authorization());
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().path("merchantsChecked").asInt()).isGreaterThanOrEqualTo(2);
        // Whether it is ready depends on which tests ran first (qr-shop-1 has a code once it was fetched); the
        // verdict's rules are OperatorSwitchIncidentTest's subject.
        assertThat(readiness.json().path("ready").isBoolean()).isTrue();
        assertThat(readiness
                        .json()
                        .path("codesForUnknownMerchants")
                        .path("count")
                        .asInt())
                .isZero();
        assertProblem(api.get("/api/v1/operator/readiness", citizen.authorization()), 403, "ROLE_REQUIRED");
    }

    @Test
    void theEndpointsAreDocumentedWithoutTheSessionTypes() {
        Answer docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().path("paths");
        assertThat(paths.has("/api/v1/scans")).isTrue();
        assertThat(paths.has("/api/v1/operator/readiness")).isTrue();
        assertThat(paths.path("/api/v1/operator/readiness")
                        .path("get")
                        .path("description")
                        .asString(""))
                .contains("Operators only");
        assertThat(docs.body()).doesNotContain("SignedInOperator");
    }

    private static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
        }
        assertThat(answer.json().path("detail").asString()).isNotBlank();
    }
}
