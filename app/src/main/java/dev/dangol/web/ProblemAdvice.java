package dev.dangol.web;

import dev.dangol.ledger.LedgerUnavailableException;
import dev.dangol.shared.Rejection;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every refusal and failure into {@code application/problem+json} (RFC 9457) with a machine-readable
 * {@code code} and a sentence a person can act on. Nothing reaches a client as a bare stack trace or an empty 500.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Rejection.class)
    ResponseEntity<Object> rejection(Rejection rejection) {
        HttpStatus status = switch (rejection.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case REFUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
        ProblemDetail problem = problem(status, rejection.code(), rejection.getMessage());
        rejection.facts().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, "1");
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    @ExceptionHandler(LedgerUnavailableException.class)
    ResponseEntity<Object> ledgerUnavailable(LedgerUnavailableException e) {
        LOG.warn("ledger unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "BUSY",
                        "Dangol is too busy to record this right now. Retry with the same Idempotency-Key: it will"
                                + " never be applied twice."));
    }

    /** Values that break a record's own checks (an id with spaces, a rule out of range). */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", sentence(e.getMessage())));
    }

    @ExceptionHandler(ArithmeticException.class)
    ResponseEntity<Object> overflow(ArithmeticException e) {
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "AMOUNT_TOO_LARGE", "An amount in the request is too large."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        "INVALID_PARAMETER",
                        "The value of '" + e.getName() + "' is not valid here."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "INTERNAL_ERROR",
                        "Something went wrong on our side and nothing was changed by it. Try again; if it keeps"
                                + " happening, tell us the time it happened."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String reason = unreadableReason(e);
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        "MALFORMED_REQUEST",
                        "The request body could not be read: " + reason + ". See the API documentation at"
                                + " /swagger-ui.html for the fields of this request."));
    }

    /** Says which field was wrong and what would be right, without echoing parser internals. */
    private static String unreadableReason(HttpMessageNotReadableException e) {
        String detail = e.getMessage() == null ? "" : e.getMessage();
        if (detail.startsWith("Required request body is missing")) {
            return "the body is missing";
        }
        String field = "";
        if (e.getCause() instanceof JacksonException jackson
                && !jackson.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference reference : jackson.getPath()) {
                if (reference.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            field = path.isEmpty() ? "" : " in '" + path + "'";
        }
        if (e.getCause() instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() != null
                && mismatch.getTargetType().isEnum()) {
            return "the value" + field + " must be one of "
                    + Arrays.toString(mismatch.getTargetType().getEnumConstants());
        }
        if (detail.contains("out of range") || detail.contains("Numeric value")) {
            return "a number" + field + " is too large";
        }
        if (e.getCause() instanceof MismatchedInputException) {
            return "the value" + field + " is missing or of the wrong type";
        }
        return "it is not valid JSON";
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing
                && "Idempotency-Key".equalsIgnoreCase(missing.getHeaderName())) {
            return ResponseEntity.badRequest()
                    .body(problem(
                            HttpStatus.BAD_REQUEST,
                            "IDEMPOTENCY_KEY_MISSING",
                            "Send an Idempotency-Key header (a UUID is ideal) with every request that moves money, and"
                                    + " the same key again when you retry it."));
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && problem.getProperties() == null) {
            String code = HttpStatus.resolve(status.value()) == null
                    ? "HTTP_" + status.value()
                    : HttpStatus.valueOf(status.value()).name();
            problem.setType(type(code));
            problem.setProperty("code", code);
        }
        return response;
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    private static URI type(String code) {
        return URI.create("urn:dangol:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "The request is not valid.";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
