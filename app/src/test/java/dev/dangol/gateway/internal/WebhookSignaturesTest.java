package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.sandbox.WebhookSigner;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Dangol's check of webhook signatures against the sandbox's signer: two implementations of one scheme that must
 * agree, and every way a signature can be wrong.
 */
class WebhookSignaturesTest {

    private static final String SECRET = "a-shared-secret-for-webhooks";
    private static final byte[] BODY = "{\"eventId\":\"evt-1\"}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock();
    private final WebhookSignatures signatures = new WebhookSignatures(SECRET, Duration.ofMinutes(5), clock);
    private final long now = clock.instant().getEpochSecond();

    @Test
    void aBodySignedByTheGatewayWithTheSharedSecretIsAccepted() {
        String header = new WebhookSigner(SECRET).sign(now, BODY);

        assertThatCode(() -> signatures.verify(header, BODY)).doesNotThrowAnyException();
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnoughWhileTheGatewayRotatesItsSecret() {
        String current = new WebhookSigner(SECRET).sign(now, BODY);
        String old = new WebhookSigner("the-old-secret-of-the-gateway").sign(now, BODY);
        String both = old + "," + current.substring(current.indexOf("v1="));

        assertThatCode(() -> signatures.verify(both, BODY)).doesNotThrowAnyException();
    }

    @Test
    void aSignatureWithAnotherSecretOrOverAnotherBodyIsRefused() {
        String forged = new WebhookSigner("not-the-shared-secret!").sign(now, BODY);
        String genuine = new WebhookSigner(SECRET).sign(now, BODY);
        byte[] altered = "{\"eventId\":\"evt-2\"}".getBytes(StandardCharsets.UTF_8);

        assertRefused(forged, BODY, Rejection.Kind.UNAUTHENTICATED, "WEBHOOK_SIGNATURE_INVALID");
        assertRefused(genuine, altered, Rejection.Kind.UNAUTHENTICATED, "WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void anOldSignatureIsRefusedSoThatACapturedWebhookCannotBeReplayed() {
        String header = new WebhookSigner(SECRET).sign(now, BODY);
        clock.advance(Duration.ofMinutes(6));

        assertRefused(header, BODY, Rejection.Kind.UNAUTHENTICATED, "WEBHOOK_SIGNATURE_EXPIRED");
    }

    @Test
    void aMissingOrMalformedHeaderIsRefusedWithItsOwnCode() {
        assertRefused(null, BODY, Rejection.Kind.UNAUTHENTICATED, "WEBHOOK_SIGNATURE_MISSING");
        assertRefused("", BODY, Rejection.Kind.UNAUTHENTICATED, "WEBHOOK_SIGNATURE_MISSING");
        assertRefused("t=abc,v1=00", BODY, Rejection.Kind.INVALID, "WEBHOOK_SIGNATURE_MALFORMED");
        assertRefused("t=" + now, BODY, Rejection.Kind.INVALID, "WEBHOOK_SIGNATURE_MALFORMED");
        assertRefused("t=" + now + ",v1=zz", BODY, Rejection.Kind.INVALID, "WEBHOOK_SIGNATURE_MALFORMED");
        assertRefused("v1=" + "0".repeat(2_000), BODY, Rejection.Kind.INVALID, "WEBHOOK_SIGNATURE_MALFORMED");
    }

    private void assertRefused(String header, byte[] body, Rejection.Kind kind, String code) {
        assertThatThrownBy(() -> signatures.verify(header, body)).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.kind()).isEqualTo(kind);
            assertThat(r.code()).isEqualTo(code);
        });
    }
}
