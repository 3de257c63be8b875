package dev.dangol.identity.internal;

import dev.dangol.identity.FundingSource;
import dev.dangol.identity.FundingSources;
import dev.dangol.identity.Session;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Rejection;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in person's linked bank accounts and cards. Answers show a masked label only: never the number, and
 * never the gateway's token.
 */
@RestController
@RequestMapping("/api/v1/me/funding-sources")
class FundingSourceController {

    private final FundingSources fundingSources;

    FundingSourceController(FundingSources fundingSources) {
        this.fundingSources = fundingSources;
    }

    @GetMapping
    List<FundingSourceJson> list(Session session) {
        return fundingSources.fundingSources(session.person()).stream()
                .map(FundingSourceJson::of)
                .toList();
    }

    @PostMapping
    ResponseEntity<FundingSourceJson> link(Session session, @RequestBody LinkRequest body) {
        if (body.method() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING",
                    "Give 'method': BANK_ACCOUNT with 'bankCode' and 'accountNumber', or CARD with 'cardNumber'.");
        }
        FundingSource source = switch (body.method()) {
            case BANK_ACCOUNT ->
                fundingSources.linkBankAccount(session.person(), body.bankCode(), body.accountNumber());
            case CARD -> fundingSources.linkCard(session.person(), body.cardNumber());
        };
        return ResponseEntity.created(URI.create("/api/v1/me/funding-sources/" + source.id()))
                .body(FundingSourceJson.of(source));
    }

    @DeleteMapping("/{fundingSourceId}")
    ResponseEntity<Void> unlink(Session session, @PathVariable String fundingSourceId) {
        fundingSources.unlink(session.person(), fundingSourceId);
        return ResponseEntity.noContent().build();
    }

    /** The numbers are read once, to check, mask and tokenise them, and are kept nowhere. */
    record LinkRequest(FundingMethod method, String bankCode, String accountNumber, String cardNumber) {
        @Override
        public String toString() {
            return "LinkRequest[" + method + "]";
        }
    }

    record FundingSourceJson(String id, FundingMethod method, String label, Instant linkedAt) {
        static FundingSourceJson of(FundingSource s) {
            return new FundingSourceJson(s.id(), s.method(), s.label(), s.linkedAt());
        }
    }
}
