package dev.dangol.sandbox;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A charge as the caller asked for it.
 *
 * @param idempotencyKey the caller's key: the sandbox charges a key at most once
 * @param payer the caller's id of the person paying
 * @param sourceToken the token of the bank account or card; a token containing {@code decline} always declines,
 *     {@code insufficient} declines for insufficient funds, {@code error} always fails with a 5xx and {@code timeout}
 *     always times out (after the charge is applied), so that tests can force each outcome
 * @param amountKrw what to take, in won
 * @param webhookUrl where to send the outcome, or null for the sandbox's configured URL; not part of the content an
 *     idempotent retry is compared on
 */
public record ChargeOrder(
        String idempotencyKey,
        String payer,
        SourceKind source,
        String sourceToken,
        long amountKrw,
        String description,
        String webhookUrl) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** A charge larger than this is refused as a typing error, as a real gateway's per-payment limit would. */
    public static final long AMOUNT_MAX_KRW = 100_000_000_000L;

    public static final int TEXT_MAX = 200;

    public ChargeOrder {
        requireKey(idempotencyKey);
        requireText(payer, "payer");
        Objects.requireNonNull(source, "source");
        requireText(sourceToken, "sourceToken");
        if (amountKrw <= 0 || amountKrw > AMOUNT_MAX_KRW) {
            throw new IllegalArgumentException("amount must be 1 to " + AMOUNT_MAX_KRW + " KRW, was " + amountKrw);
        }
        Objects.requireNonNull(description, "description");
        if (description.length() > TEXT_MAX) {
            throw new IllegalArgumentException("description must be at most " + TEXT_MAX + " characters");
        }
        if (webhookUrl != null) {
            requireWebhookUrl(webhookUrl);
        }
    }

    /** Whether a retry with the same key asks for the same charge (the webhook URL aside). */
    public boolean sameContentAs(ChargeOrder other) {
        return idempotencyKey.equals(other.idempotencyKey)
                && payer.equals(other.payer)
                && source == other.source
                && sourceToken.equals(other.sourceToken)
                && amountKrw == other.amountKrw
                && description.equals(other.description);
    }

    /** The token in lower case, for the rules that force an outcome. */
    String tokenRule() {
        return sourceToken.toLowerCase(Locale.ROOT);
    }

    static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("an idempotency key must be 1 to 64 letters, digits, '.', '_', ':' or"
                    + " '-', was " + (key == null ? "missing" : "'" + key + "'"));
        }
        return key;
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (value.length() > TEXT_MAX) {
            throw new IllegalArgumentException(what + " must be at most " + TEXT_MAX + " characters");
        }
        return value;
    }

    /** An absolute http or https URL: the sandbox posts webhooks nowhere else. */
    static String requireWebhookUrl(String url) {
        if (url.length() > 2_000) {
            throw new IllegalArgumentException("a webhook URL must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook URL is not a URL: '" + url + "'");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "a webhook URL must be an absolute http or https URL, was '" + url + "'");
        }
        return url;
    }
}
