package dev.dangol.gateway.internal;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment gateway over HTTP, shaped as an adapter to a real card or bank-account gateway would be (it speaks the
 * sandbox gateway's API: docs/sandbox-gateway.md). Every call has a connect timeout and a request timeout, and nothing
 * a gateway or a network does makes it throw:
 *
 * <ul>
 *   <li>200 with the payment: its status (approved, declined, cancelled);
 *   <li>402, or any other 4xx to a charge but 404, 408, 409 and 429: declined, nothing taken (the gateway refused
 *       to process it);
 *   <li>404 {@code PAYMENT_NOT_FOUND} to an inquiry or a cancellation: not found;
 *   <li>a timeout (or 408), a refused or dropped connection, a 5xx, a 503 outage or a 429, an unreadable answer:
 *       unknown, to be resolved by inquiring with the same key.
 * </ul>
 *
 * <p>The one exception is a caller's mistake: a key reused for a different charge (409) is refused with {@link
 * Rejection} {@code PAYMENT_KEY_REUSED}, and a malformed key with {@link IllegalArgumentException}.
 *
 * <p>Bounded: the whole exchange, answer included, lasts at most the connect timeout plus the request timeout; an
 * answer body may be at most {@value #ANSWER_MAX_BYTES} bytes.
 */
final class HttpPaymentGateway implements PaymentGateway {

    static final int ANSWER_MAX_BYTES = 64 * 1024;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final URI base;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final String webhookUrl;

    /**
     * @param base the gateway's address, such as {@code http://127.0.0.1:8090}
     * @param http a client built with {@code connectTimeout} as its connect timeout
     * @param webhookUrl where the gateway should send this charge's webhooks, or null for the gateway's own setting
     */
    HttpPaymentGateway(
            URI base,
            HttpClient http,
            JsonMapper json,
            Duration connectTimeout,
            Duration requestTimeout,
            String webhookUrl) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (!requestTimeout.isPositive()) {
            throw new IllegalArgumentException("a request timeout must be positive");
        }
        this.requestTimeout = requestTimeout;
        this.webhookUrl = webhookUrl;
    }

    /** The client this adapter wants: HTTP/1.1, the connect timeout, a virtual thread per exchange. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The body of {@code POST /v1/charges}; the key goes in the {@code Idempotency-Key} header. */
    record ChargeJson(
            String payer, String method, String sourceToken, long amount, String description, String webhookUrl) {}

    record CancelJson(String reason) {}

    @Override
    public PaymentResult charge(ChargeRequest request) {
        String key = requireKey(request.idempotencyKey());
        ChargeJson body = new ChargeJson(
                request.payer().value(),
                request.method().name(),
                request.sourceToken(),
                request.amount().krw(),
                request.description(),
                webhookUrl);
        HttpRequest call = builder("/v1/charges")
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        return exchange(key, Operation.CHARGE, call);
    }

    @Override
    public PaymentResult inquire(String idempotencyKey) {
        String key = requireKey(idempotencyKey);
        return exchange(
                key, Operation.INQUIRE, builder("/v1/charges/" + key).GET().build());
    }

    @Override
    public PaymentResult cancel(String idempotencyKey, String reason) {
        String key = requireKey(idempotencyKey);
        HttpRequest call = builder("/v1/charges/" + key + "/cancel")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(new CancelJson(reason))))
                .build();
        return exchange(key, Operation.CANCEL, call);
    }

    private static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "a payment key must be 1 to 64 letters, digits, '.', '_', ':' or '-', was '" + key + "'");
        }
        return key;
    }

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
    }

    private PaymentResult exchange(String key, Operation operation, HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(
                request, HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), ANSWER_MAX_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the wait for the answer's headers; this bounds the whole exchange.
            response = pending.get(connectTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return GatewayFailure.TIMEOUT.result(key, "no answer within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return GatewayFailure.INTERRUPTED.result(key, "interrupted while waiting for the gateway");
        } catch (ExecutionException e) {
            return failure(key, e.getCause());
        }
        return interpret(key, operation, response);
    }

    private PaymentResult failure(String key, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return GatewayFailure.TIMEOUT.result(key, "no answer within " + requestTimeout.toMillis() + " ms");
        }
        if (cause instanceof ConnectException) {
            return GatewayFailure.CONNECTION.result(key, "could not connect to " + base);
        }
        if (cause instanceof IOException) {
            return GatewayFailure.CONNECTION.result(key, String.valueOf(cause.getMessage()));
        }
        return GatewayFailure.ADAPTER_FAILURE.result(key, String.valueOf(cause));
    }

    private PaymentResult interpret(String key, Operation operation, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200 || status == 402) {
            return payment(key, status, response.body());
        }
        if (status == 503 || status == 429) {
            // Down, or shedding load: nothing was done, and admission should slow down, which counting it does.
            return GatewayFailure.OUTAGE.result(key, "the gateway is unavailable (" + status + ")");
        }
        if (status == 408) {
            return GatewayFailure.TIMEOUT.result(key, "the gateway gave up waiting for the request (408)");
        }
        if (status >= 500) {
            return GatewayFailure.SERVER_ERROR.result(key, status + " " + code(response.body()));
        }
        String code = code(response.body());
        if (status == 404 && operation != Operation.CHARGE && code.equals("PAYMENT_NOT_FOUND")) {
            return new PaymentResult(key, PaymentStatus.NOT_FOUND, null, null, null);
        }
        if (status == 409 && operation == Operation.CHARGE) {
            throw Rejection.conflict(
                    "PAYMENT_KEY_REUSED",
                    "The payment key " + key + " was already used for a different charge; nothing was charged.");
        }
        if (status >= 400 && status < 500 && status != 404 && operation == Operation.CHARGE) {
            // The gateway refused to process the charge at all: nothing was taken, which is a decline.
            return new PaymentResult(key, PaymentStatus.DECLINED, null, null, code);
        }
        return GatewayFailure.BAD_ANSWER.result(key, "unexpected " + status + " " + code + " to " + operation.tag());
    }

    private PaymentResult payment(String key, int status, byte[] body) {
        JsonNode payment;
        try {
            payment = json.readTree(body);
        } catch (JacksonException e) {
            payment = null;
        }
        if (payment == null || !payment.isObject()) {
            return status == 402
                    ? new PaymentResult(key, PaymentStatus.DECLINED, null, null, "DECLINED")
                    : GatewayFailure.BAD_ANSWER.result(key, "the answer is not a payment");
        }
        if (!key.equals(payment.path("idempotencyKey").asString(""))) {
            return GatewayFailure.BAD_ANSWER.result(key, "the answer is about another payment");
        }
        PaymentStatus answered = switch (payment.path("status").asString("")) {
            case "APPROVED" -> PaymentStatus.APPROVED;
            case "DECLINED" -> PaymentStatus.DECLINED;
            case "CANCELLED" -> PaymentStatus.CANCELLED;
            default -> null;
        };
        if (answered == null) {
            return GatewayFailure.BAD_ANSWER.result(key, "the answer has no payment status");
        }
        JsonNode amount = payment.path("amount");
        return new PaymentResult(
                key,
                answered,
                textOrNull(payment.path("reference")),
                amount.canConvertToLong() ? Money.krw(amount.asLong()) : null,
                textOrNull(payment.path("reason")));
    }

    private String code(byte[] body) {
        try {
            JsonNode problem = json.readTree(body);
            return problem == null ? "" : problem.path("code").asString("");
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }
}
