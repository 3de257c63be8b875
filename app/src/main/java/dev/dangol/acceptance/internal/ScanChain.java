package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.ScanAlert;
import dev.dangol.acceptance.ScanResult;
import dev.dangol.acceptance.Scans;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scanner: a chain of codecs tried in turn. An EMV code is checked first (its CRC before anything else); Dangol's
 * own codes name the merchant directly, any other EMV code is looked up exactly as printed. Then the previous
 * operators' URL and numeric forms, each checked by its own rules and looked up exactly as printed. Whatever the text,
 * the outcome is a {@link ScanResult} with a sentence the person can act on.
 */
final class ScanChain implements Scans {

    static final int ALERTS_MAX = 1_000;
    static final String SEARCH_PATH = "/api/v1/merchants/nearest";

    private final Merchants merchants;
    private final IssuedCodeStore codes;
    private final ScanAlertStore alerts;
    private final ScanObserver observer;
    private final Clock clock;

    ScanChain(Merchants merchants, IssuedCodeStore codes, ScanAlertStore alerts, ScanObserver observer, Clock clock) {
        this.merchants = Objects.requireNonNull(merchants);
        this.codes = Objects.requireNonNull(codes);
        this.alerts = Objects.requireNonNull(alerts);
        this.observer = Objects.requireNonNull(observer);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public ScanResult scan(String payload, ProgramId program) {
        Objects.requireNonNull(program, "program");
        ScanResult result = read(payload, program);
        observer.scanned(result.getClass().getSimpleName());
        return result;
    }

    @Override
    public List<ScanAlert> alerts(int limit) {
        if (limit < 1 || limit > ALERTS_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + ALERTS_MAX);
        }
        return alerts.latest(limit);
    }

    private ScanResult read(String payload, ProgramId program) {
        if (payload == null || payload.isEmpty()) {
            return new ScanResult.Corrupt(
                    "EMPTY",
                    "Nothing was read from the code. Hold the phone steady with the whole code in view and scan"
                            + " again.");
        }
        if (payload.length() > IssuedCode.PAYLOAD_MAX_LENGTH) {
            return new ScanResult.Corrupt(
                    "TOO_LONG",
                    "This code holds far more than any payment code does, so it is not a merchant's payment code."
                            + " Ask the merchant for their payment QR, or search the shop by name.");
        }
        if (payload.startsWith(EmvMpm.FORMAT_INDICATOR)) {
            return emv(payload, program);
        }
        LegacyParse legacy = HanbitCodes.parse(payload);
        if (legacy instanceof LegacyParse.Foreign) {
            legacy = NuriCodes.parse(payload);
        }
        return switch (legacy) {
            case LegacyParse.Valid valid -> issued(payload, program, null);
            case LegacyParse.Broken broken ->
                new ScanResult.Corrupt(
                        broken.problem(),
                        "This " + issuerName(broken.operator()) + " sticker could not be read: " + broken.reason()
                                + ". Scan again with the whole code in view; if it still fails, ask the merchant to"
                                + " show their Dangol code, or search the shop by name.");
            case LegacyParse.Foreign foreign -> {
                if (!codes.byPayload(payload).isEmpty()) {
                    yield issued(payload, program, null);
                }
                yield new ScanResult.Corrupt(
                        "UNKNOWN_FORMAT",
                        "This is not a voucher payment code: it is neither a Dangol code nor one the programme's"
                                + " earlier operators (Hanbit Pay, Nuri Pay) printed. Ask the merchant for their"
                                + " payment QR, or search the shop by name.");
            }
        };
    }

    private ScanResult emv(String payload, ProgramId program) {
        return switch (EmvMpm.parse(payload)) {
            case EmvParse.CrcMismatch mismatch ->
                new ScanResult.Corrupt(
                        "CRC_MISMATCH",
                        "The code was misread or the sticker is damaged: its check value does not match what it"
                                + " holds. Scan again with the whole code in view and no glare; if it keeps failing,"
                                + " ask the merchant for another copy of their code, or search the shop by name.");
            case EmvParse.Malformed malformed ->
                new ScanResult.Corrupt(
                        "MALFORMED",
                        "This payment code is not built correctly (" + malformed.reason() + "), so it cannot be"
                                + " used. Ask the merchant for their current Dangol code, or search the shop by"
                                + " name.");
            case EmvParse.Valid valid -> {
                EmvPayload emv = valid.payload();
                if (DangolCodes.isDangols(emv)) {
                    MerchantId id = DangolCodes.merchantOf(emv);
                    if (id == null) {
                        yield new ScanResult.Corrupt(
                                "MALFORMED",
                                "This Dangol code names no merchant, so it cannot be used. Ask the merchant to print"
                                        + " their code again from Dangol, or search the shop by name.");
                    }
                    Optional<Merchant> merchant = merchants.merchant(id);
                    if (merchant.isPresent()) {
                        yield judge(merchant.get(), Operator.DANGOL, program);
                    }
                    if (!codes.byPayload(payload).isEmpty()) {
                        yield issued(payload, program, emv.merchantName());
                    }
                    yield notLinked(
                            payload,
                            program,
                            emv.merchantName(),
                            "a Dangol code for merchant " + id + ", which the registry does not hold");
                }
                yield issued(payload, program, emv.merchantName());
            }
        };
    }

    /** Looks the exact text up in the registry of issued codes. */
    private ScanResult issued(String payload, ProgramId program, String nameHint) {
        List<IssuedCode> held = codes.byPayload(payload);
        if (held.isEmpty()) {
            return notLinked(payload, program, nameHint, "no operator's list of issued codes holds this code");
        }
        List<Merchant> found = new ArrayList<>();
        IssuedCode foundBy = null;
        List<String> missing = new ArrayList<>();
        for (IssuedCode code : held) {
            Optional<Merchant> merchant = code.merchant() != null
                    ? merchants.merchant(code.merchant())
                    : merchants.byAgencyId(code.agencyId());
            if (merchant.isPresent()) {
                if (found.stream().noneMatch(m -> m.id().equals(merchant.get().id()))) {
                    found.add(merchant.get());
                }
                foundBy = foundBy == null ? code : foundBy;
            } else {
                missing.add(code.operator() + " issued it for " + code.target());
            }
        }
        if (found.size() == 1) {
            return judge(found.getFirst(), foundBy.operator(), program);
        }
        if (found.size() > 1) {
            return notLinked(
                    payload,
                    program,
                    nameHint,
                    "two operators issued this same code to different merchants: "
                            + found.stream().map(m -> m.id().value()).toList());
        }
        return notLinked(payload, program, nameHint, String.join("; ", missing) + ", which the registry does not hold");
    }

    private ScanResult judge(Merchant merchant, Operator issuer, ProgramId program) {
        String name = merchant.nameKorean();
        return switch (merchant.status()) {
            case MerchantStatus.Suspended suspended ->
                new ScanResult.MerchantSuspended(
                        merchant,
                        suspended.reason(),
                        name + " cannot take vouchers for now (" + suspended.reason() + "). Nothing was paid. Pay"
                                + " another way here, or find a shop nearby that takes vouchers.");
            case MerchantStatus.Closed closed ->
                new ScanResult.MerchantClosed(
                        merchant,
                        closed.reason(),
                        name + " has closed and no longer takes vouchers (" + closed.reason() + "). Nothing was"
                                + " paid. Find a shop nearby that takes vouchers.");
            case MerchantStatus.Active active -> {
                Eligibility eligibility = merchants.eligibility(merchant, program);
                yield switch (eligibility) {
                    case Eligibility.Eligible eligible ->
                        new ScanResult.Resolved(
                                merchant,
                                program,
                                issuer,
                                "Paying " + name + " with your " + program + " vouchers: enter the amount.");
                    case Eligibility.NotEligible refused ->
                        new ScanResult.NotEligible(
                                merchant,
                                program,
                                refused.reason(),
                                name + " does not take " + program + " vouchers: " + refused.reason()
                                        + ". Nothing was paid. Pay with another voucher it takes, or another way.");
                };
            }
        };
    }

    private ScanResult notLinked(String payload, ProgramId program, String nameHint, String reason) {
        alerts.record(payload, DangolCodes.cut(reason, 300), program.value(), clock.instant());
        observer.alerted();
        String text = nameHint == null || nameHint.isBlank() ? null : DangolCodes.cut(nameHint.strip(), 50);
        String link =
                text == null ? SEARCH_PATH : SEARCH_PATH + "?name=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        String message =
                "This is a well-formed payment code, but it is not linked to a shop in Dangol yet; our operators"
                        + " have been told and will link it. To pay now, "
                        + (text == null ? "search the shop by its name or find it on the map" : "search for " + text)
                        + " and pay from the shop's page.";
        return new ScanResult.NotLinked(text, link, message);
    }

    private static String issuerName(Operator operator) {
        return switch (operator) {
            case DANGOL -> "Dangol";
            case HANBIT -> "Hanbit Pay";
            case NURI -> "Nuri Pay";
        };
    }
}
