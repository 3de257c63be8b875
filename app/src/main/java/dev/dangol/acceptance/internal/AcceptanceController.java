package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.ImportReport;
import dev.dangol.acceptance.IssuedCodes;
import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.Readiness;
import dev.dangol.acceptance.ReadinessReport;
import dev.dangol.acceptance.ScanAlert;
import dev.dangol.acceptance.ScanResult;
import dev.dangol.acceptance.Scans;
import dev.dangol.acceptance.Sticker;
import dev.dangol.acceptance.Stickers;
import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.merchant.Merchant;
import dev.dangol.program.Programs;
import dev.dangol.shared.Ids;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.SignedInOperator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Scanning codes, merchants' own codes, the registry of issued codes and the readiness report, over HTTP. */
@RestController
class AcceptanceController {

    private static final Charset CP949 = Charset.forName("x-windows-949");

    private final Scans scans;
    private final Stickers stickers;
    private final IssuedCodes issuedCodes;
    private final Readiness readiness;
    private final Programs programs;
    private final MerchantMembers members;

    AcceptanceController(
            Scans scans,
            Stickers stickers,
            IssuedCodes issuedCodes,
            Readiness readiness,
            Programs programs,
            MerchantMembers members) {
        this.members = members;
        this.scans = scans;
        this.stickers = stickers;
        this.issuedCodes = issuedCodes;
        this.readiness = readiness;
        this.programs = programs;
    }

    record ScanRequest(String payload, String program) {}

    record MerchantJson(String id, String nameKorean, String nameRomanised, String address, String industry) {
        static MerchantJson of(Merchant m) {
            return new MerchantJson(
                    m.id().value(),
                    m.nameKorean(),
                    m.nameRomanised(),
                    m.address(),
                    m.industry().name());
        }
    }

    record SearchJson(String text, String link) {}

    /**
     * A scan's outcome: {@code outcome} says which (RESOLVED, CORRUPT, NOT_LINKED, MERCHANT_SUSPENDED,
     * MERCHANT_CLOSED, NOT_ELIGIBLE), {@code message} what to do; the other fields as the outcome has them.
     */
    record ScanJson(
            String outcome,
            String message,
            MerchantJson merchant,
            String program,
            String issuer,
            String reason,
            String problem,
            SearchJson search) {

        static ScanJson of(ScanResult result) {
            return switch (result) {
                case ScanResult.Resolved r ->
                    new ScanJson(
                            "RESOLVED",
                            r.message(),
                            MerchantJson.of(r.merchant()),
                            r.program().value(),
                            r.issuer().name(),
                            null,
                            null,
                            null);
                case ScanResult.Corrupt c ->
                    new ScanJson("CORRUPT", c.message(), null, null, null, null, c.problem(), null);
                case ScanResult.NotLinked n ->
                    new ScanJson(
                            "NOT_LINKED",
                            n.message(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            new SearchJson(n.searchText(), n.searchLink()));
                case ScanResult.MerchantSuspended s ->
                    new ScanJson(
                            "MERCHANT_SUSPENDED",
                            s.message(),
                            MerchantJson.of(s.merchant()),
                            null,
                            null,
                            s.reason(),
                            null,
                            null);
                case ScanResult.MerchantClosed c ->
                    new ScanJson(
                            "MERCHANT_CLOSED",
                            c.message(),
                            MerchantJson.of(c.merchant()),
                            null,
                            null,
                            c.reason(),
                            null,
                            null);
                case ScanResult.NotEligible n ->
                    new ScanJson(
                            "NOT_ELIGIBLE",
                            n.message(),
                            MerchantJson.of(n.merchant()),
                            n.program().value(),
                            null,
                            n.reason(),
                            null,
                            null);
            };
        }
    }

    @PostMapping("/api/v1/scans")
    ScanJson scan(Session session, @RequestBody ScanRequest body) {
        session.require(Role.CITIZEN);
        if (body == null || body.payload() == null || body.program() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING",
                    "Give 'payload' (the text the scanned QR code holds, exactly as read) and 'program' (the id of the"
                            + " voucher program you want to pay with, such as 'onnuri').");
        }
        if (!Ids.isValid(body.program())
                || programs.program(ProgramId.of(body.program())).isEmpty()) {
            throw Rejection.notFound(
                    "PROGRAM_NOT_FOUND",
                    "There is no voucher program '" + DangolCodes.cut(body.program(), 64)
                            + "'; use the id of a program your wallet holds vouchers of.");
        }
        return ScanJson.of(scans.scan(body.payload(), ProgramId.of(body.program())));
    }

    @GetMapping("/api/v1/operator/scan-alerts")
    List<ScanAlert> alerts(SignedInOperator operator, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > ScanChain.ALERTS_MAX) {
            throw Rejection.invalid("LIMIT_OUT_OF_RANGE", "'limit' must be 1 to " + ScanChain.ALERTS_MAX + ".");
        }
        return scans.alerts(limit);
    }

    @PostMapping(
            path = "/api/v1/operator/issued-codes",
            consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ImportReport importCodes(
            SignedInOperator signedIn, @RequestParam String operator, @RequestBody(required = false) byte[] bytes) {
        Operator from;
        try {
            from = Operator.valueOf(operator.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid(
                    "OPERATOR_UNKNOWN",
                    "'operator' must be HANBIT or NURI, the previous operators whose lists we hold.");
        }
        String body = bytes == null ? "" : listText(bytes);
        if (body.isBlank()) {
            throw Rejection.invalid(
                    "LIST_EMPTY",
                    "Send the list as the request body: UTF-8 or CP949 CSV with the header '"
                            + IssuedCodeRegistry.HEADER + "'.");
        }
        List<String> lines =
                body.lines().limit(IssuedCodes.IMPORT_ROWS_MAX + 2L).toList();
        return issuedCodes.importList(from, lines);
    }

    /**
     * The list's text: UTF-8 (a byte-order mark allowed) when the bytes are valid UTF-8, otherwise CP949, as Korean
     * spreadsheets export CSV. An EMV code with Hangul in its tag 64 must come through intact either way, or its CRC
     * would no longer hold; bytes that are neither are refused rather than read with replacement characters.
     */
    static String listText(byte[] bytes) {
        int skip =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        ByteBuffer content = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        for (Charset charset : List.of(StandardCharsets.UTF_8, CP949)) {
            try {
                return charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(content.duplicate())
                        .toString();
            } catch (CharacterCodingException notThisOne) {
                // Try the next encoding.
            }
        }
        throw Rejection.invalid(
                "LIST_UNREADABLE",
                "The list is neither UTF-8 nor CP949 text; save it as CSV in UTF-8 and send it again.");
    }

    record StickerJson(
            String merchantId, String payload, String nameKorean, String nameRomanised, String city, String png) {}

    @GetMapping("/api/v1/merchants/{id}/qr")
    ResponseEntity<StickerJson> sticker(Session session, @PathVariable String id) {
        Sticker sticker = stickers.sticker(merchantFor(session, id));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new StickerJson(
                        sticker.merchant().value(),
                        sticker.payload(),
                        sticker.nameKorean(),
                        sticker.nameRomanised(),
                        sticker.cityRomanised(),
                        "/api/v1/merchants/" + sticker.merchant().value() + "/qr.png"));
    }

    @GetMapping("/api/v1/merchants/{id}/qr.png")
    ResponseEntity<byte[]> stickerPng(
            Session session, @PathVariable String id, @RequestParam(defaultValue = "480") int size) {
        if (size < QrPictures.SIZE_MIN || size > QrPictures.SIZE_MAX) {
            throw Rejection.invalid(
                    "SIZE_OUT_OF_RANGE",
                    "'size' must be " + QrPictures.SIZE_MIN + " to " + QrPictures.SIZE_MAX + " pixels.");
        }
        Sticker sticker = stickers.sticker(merchantFor(session, id));
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.noStore())
                .body(stickers.png(sticker, size));
    }

    /** The report with its verdict first: {@code ready} is true when every list is empty. */
    record ReadinessJson(
            boolean ready,
            Instant checkedAt,
            int merchantsChecked,
            int codesChecked,
            ReadinessReport.Gaps activeWithoutCode,
            ReadinessReport.Gaps codesForClosedMerchants,
            ReadinessReport.Gaps codesForUnknownMerchants,
            ReadinessReport.Gaps withoutCoordinates,
            ReadinessReport.Gaps duplicateBusinessNumbers,
            ReadinessReport.Gaps duplicatePayloads) {

        static ReadinessJson of(ReadinessReport r) {
            return new ReadinessJson(
                    r.ready(),
                    r.checkedAt(),
                    r.merchantsChecked(),
                    r.codesChecked(),
                    r.activeWithoutCode(),
                    r.codesForClosedMerchants(),
                    r.codesForUnknownMerchants(),
                    r.withoutCoordinates(),
                    r.duplicateBusinessNumbers(),
                    r.duplicatePayloads());
        }
    }

    @GetMapping("/api/v1/operator/readiness")
    ReadinessJson readiness(SignedInOperator operator) {
        return ReadinessJson.of(readiness.report());
    }

    /** Operators may fetch any merchant's code; a merchant only its own (fetching records the code as issued). */
    private MerchantId merchantFor(Session session, String id) {
        if (!session.has(Role.MERCHANT) && !session.has(Role.OPERATOR)) {
            throw Rejection.forbidden("ROLE_REQUIRED", "Only a merchant or an operator can fetch a merchant's code.");
        }
        if (!Ids.isValid(id)) {
            throw Rejection.invalid("MERCHANT_ID_INVALID", "A merchant id is 1 to 64 letters, digits, '-' or '_'.");
        }
        MerchantId merchant = MerchantId.of(id);
        if (!session.has(Role.OPERATOR) && !members.actsFor(session.person(), merchant)) {
            throw Rejection.forbidden(
                    "NOT_THIS_MERCHANTS_MEMBER",
                    "You do not act for merchant " + id + "; ask an operator to link you to it to print its code.");
        }
        return merchant;
    }
}
