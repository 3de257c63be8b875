package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.Programs;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.SignedInOperator;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merchants over JSON. Anyone may read a merchant and its eligibility (what a citizen's app shows before paying);
 * registering, suspending, closing and bank accounts are for operators ({@link SignedInOperator}).
 */
@RestController
@RequestMapping("/api/v1")
class MerchantController {

    private final Merchants merchants;
    private final MerchantRegister register;
    private final Programs programs;
    private final IdSource ids;

    MerchantController(Merchants merchants, MerchantRegister register, Programs programs, Clock clock) {
        this.merchants = merchants;
        this.register = register;
        this.programs = programs;
        this.ids = new IdSource(clock, new SecureRandom());
    }

    @GetMapping("/merchants/{merchantId}")
    MerchantJson merchant(@PathVariable String merchantId) {
        Merchant merchant = find(merchantId);
        return MerchantJson.of(merchant, register.aliases(merchant.id()));
    }

    /** Whether the merchant may accept the program's vouchers now, and if not, why. */
    @GetMapping("/merchants/{merchantId}/eligibility")
    EligibilityJson eligibility(@PathVariable String merchantId, @RequestParam(required = false) String program) {
        if (program == null || program.isBlank()) {
            throw Rejection.invalid("PROGRAM_MISSING", "Name the program in '?program=', such as ?program=onnuri.");
        }
        Merchant merchant = find(merchantId);
        ProgramId programId = ProgramId.of(program);
        if (programs.program(programId).isEmpty()) {
            throw Rejection.notFound(
                    "PROGRAM_NOT_FOUND", "There is no program " + programId + "; see /api/v1/programs for their ids.");
        }
        Eligibility eligibility = merchants.eligibility(merchant, programId);
        return new EligibilityJson(
                merchant.id().value(),
                program,
                eligibility.eligible(),
                eligibility instanceof Eligibility.NotEligible refused ? refused.reason() : null);
    }

    record EligibilityJson(String merchantId, String program, boolean eligible, String reason) {}

    /** Merchants in id order, a page at a time: {@code after} is the last id of the page before. */
    @GetMapping("/operator/merchants")
    List<MerchantJson> page(
            SignedInOperator operator,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1_000) {
            throw Rejection.invalid("LIMIT_OUT_OF_RANGE", "Ask for 1 to 1000 merchants a page in 'limit'.");
        }
        return merchants.page(after == null ? null : MerchantId.of(after), limit).stream()
                .map(m -> MerchantJson.of(m, null))
                .toList();
    }

    /** Registers a merchant by hand (most come from master-data files). Repeating it is harmless. */
    @PostMapping("/operator/merchants")
    ResponseEntity<MerchantJson> register(SignedInOperator operator, @RequestBody RegisterRequest body) {
        Merchant merchant = register.register(body.toMerchant(ids));
        return ResponseEntity.created(URI.create("/api/v1/merchants/" + merchant.id()))
                .body(MerchantJson.of(merchant, register.aliases(merchant.id())));
    }

    @PostMapping("/operator/merchants/{merchantId}/suspension")
    MerchantJson suspend(SignedInOperator operator, @PathVariable String merchantId, @RequestBody ReasonRequest body) {
        return view(register.suspend(MerchantId.of(merchantId), reason(body)));
    }

    @DeleteMapping("/operator/merchants/{merchantId}/suspension")
    MerchantJson reactivate(SignedInOperator operator, @PathVariable String merchantId) {
        return view(register.reactivate(MerchantId.of(merchantId)));
    }

    @PostMapping("/operator/merchants/{merchantId}/closure")
    MerchantJson close(SignedInOperator operator, @PathVariable String merchantId, @RequestBody ReasonRequest body) {
        return view(register.close(MerchantId.of(merchantId), reason(body)));
    }

    @PutMapping("/operator/merchants/{merchantId}/settlement-account")
    MerchantJson account(SignedInOperator operator, @PathVariable String merchantId, @RequestBody AccountRequest body) {
        return view(register.setSettlementAccount(
                MerchantId.of(merchantId),
                new SettlementAccount(body.bankCode(), digits(body.accountNumber()), body.holderName())));
    }

    record ReasonRequest(String reason) {}

    record AccountRequest(String bankCode, String accountNumber, String holderName) {}

    /**
     * A merchant to register. {@code id} may be left out (Dangol makes one); give either {@code revenueBand} or
     * {@code annualRevenueKrw}; coordinates are WGS84 decimal degrees.
     */
    record RegisterRequest(
            String id,
            String agencyId,
            String businessNumber,
            String nameKorean,
            String nameRomanised,
            String address,
            String townCode,
            Double latitude,
            Double longitude,
            Industry industry,
            String market,
            RevenueBand revenueBand,
            Long annualRevenueKrw,
            AccountRequest settlementAccount) {

        Merchant toMerchant(IdSource ids) {
            if (businessNumber == null) {
                throw Rejection.invalid("BUSINESS_NUMBER_MISSING", "Give the 10-digit 'businessNumber'.");
            }
            if (revenueBand == null && annualRevenueKrw == null) {
                throw Rejection.invalid(
                        "REVENUE_MISSING", "Give 'revenueBand' or 'annualRevenueKrw' (annual revenue in won).");
            }
            if ((latitude == null) != (longitude == null)) {
                throw Rejection.invalid("LOCATION_INCOMPLETE", "Give both 'latitude' and 'longitude', or neither.");
            }
            GeoPoint location = latitude == null
                    ? null
                    : new GeoPoint((int) Math.round(latitude * GeoPoint.DEGREE), (int)
                            Math.round(longitude * GeoPoint.DEGREE));
            return new Merchant(
                    MerchantId.of(id == null ? ids.next() : id),
                    agencyId,
                    BusinessNumber.parse(businessNumber),
                    nameKorean,
                    nameRomanised,
                    address,
                    townCode,
                    location,
                    industry,
                    market == null || market.isBlank() ? null : market.strip(),
                    revenueBand != null ? revenueBand : RevenueBand.of(Money.krw(annualRevenueKrw)),
                    MerchantStatus.ACTIVE,
                    settlementAccount == null
                            ? null
                            : new SettlementAccount(
                                    settlementAccount.bankCode(),
                                    digits(settlementAccount.accountNumber()),
                                    settlementAccount.holderName()));
        }
    }

    private MerchantJson view(Merchant merchant) {
        return MerchantJson.of(merchant, register.aliases(merchant.id()));
    }

    private Merchant find(String merchantId) {
        MerchantId id = MerchantId.of(merchantId);
        return merchants
                .merchant(id)
                .orElseThrow(() -> Rejection.notFound("MERCHANT_NOT_FOUND", "There is no merchant " + id + "."));
    }

    private static String reason(ReasonRequest body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw Rejection.invalid(
                    "REASON_MISSING", "Give a 'reason' of 1 to 200 characters: the merchant's codes will show it.");
        }
        return body.reason().strip();
    }

    private static String digits(String accountNumber) {
        return accountNumber == null ? null : accountNumber.replace("-", "").replace(" ", "");
    }
}
