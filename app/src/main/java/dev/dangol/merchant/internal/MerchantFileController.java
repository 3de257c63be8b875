package dev.dangol.merchant.internal;

import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantFiles;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.SignedInOperator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators send the agency's master-data files here (docs/merchant-master-data.md). The body is the CSV file's
 * bytes as they are; it is streamed to disk, never held in memory whole.
 */
@RestController
@RequestMapping("/api/v1/operator/merchant-files")
class MerchantFileController {

    private final MerchantFiles files;

    MerchantFileController(MerchantFiles files) {
        this.files = files;
    }

    /**
     * Imports a file: 201 with the report when applied (rejected rows listed in it, the rest applied), 200 with the
     * first report when the same file was imported before (nothing changes), 422 when the file as a whole cannot be
     * read (nothing applied).
     */
    @PostMapping
    ResponseEntity<MerchantFileReport> importFile(
            SignedInOperator operator,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String name,
            HttpServletRequest request)
            throws IOException {
        MerchantFileKind fileKind = kind(kind);
        MerchantFileReport report;
        try (InputStream body = request.getInputStream()) {
            report = files.importFile(fileKind, name, body, operator.person());
        }
        if (report.repeated()) {
            return ResponseEntity.ok(report);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/operator/merchant-files#" + report.id()))
                .body(report);
    }

    /** Imports so far, newest first, without their rejected rows. */
    @GetMapping
    List<MerchantFileReport> history(SignedInOperator operator, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MerchantFileSync.HISTORY_MAX) {
            throw Rejection.invalid(
                    "LIMIT_OUT_OF_RANGE", "Ask for 1 to " + MerchantFileSync.HISTORY_MAX + " imports in 'limit'.");
        }
        return files.history(limit);
    }

    private static MerchantFileKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            throw Rejection.invalid(
                    "KIND_MISSING",
                    "Say whether the file lists every merchant (?kind=FULL) or only changes (?kind=DELTA).");
        }
        try {
            return MerchantFileKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid("KIND_UNKNOWN", "'kind' must be FULL (every merchant) or DELTA (only changes).");
        }
    }
}
