package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.ImportReport;
import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.IssuedCodes;
import dev.dangol.acceptance.Operator;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports the previous operators' lists of issued codes. Each row is checked against its operator's format (or as an
 * EMV code, which either operator may have printed) and kept exactly as printed; rows already held are left alone,
 * so importing a list twice changes nothing, and every other row is reported with its line and reason.
 */
final class IssuedCodeRegistry implements IssuedCodes {

    static final String HEADER = "payload,agency_id,issued_on";
    static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    private static final int REJECTED_MAX = 1_000;

    private final IssuedCodeStore store;
    private final Clock clock;

    IssuedCodeRegistry(IssuedCodeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<IssuedCode> byPayload(String payload) {
        return store.byPayload(payload);
    }

    @Override
    public ImportReport importList(Operator operator, List<String> lines) {
        if (operator == Operator.DANGOL) {
            throw Rejection.invalid(
                    "OPERATOR_NOT_IMPORTABLE",
                    "Dangol's own codes are recorded when a merchant prints them; import lists from HANBIT or NURI.");
        }
        if (lines.isEmpty() || !HEADER.equals(stripBom(lines.getFirst()).strip().toLowerCase(Locale.ROOT))) {
            throw Rejection.invalid(
                    "HEADER_WRONG",
                    "The list's first line must be the header '" + HEADER + "' (UTF-8 CSV, see docs/qr-formats.md).");
        }
        if (lines.size() - 1 > IMPORT_ROWS_MAX) {
            throw Rejection.invalid(
                    "LIST_TOO_LONG",
                    "A list may hold at most " + IMPORT_ROWS_MAX + " rows; split it into several files.");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), KOREA);
        int added = 0;
        int unchanged = 0;
        int rejectedCount = 0;
        List<ImportReport.RejectedRow> rejected = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            String reason;
            List<String> fields = Csv.fields(text);
            if (fields == null || fields.size() != 3) {
                reason = "a row needs three fields: payload, agency_id, issued_on";
            } else {
                reason = check(operator, fields, today);
                if (reason == null) {
                    Integer first = seen.putIfAbsent(fields.get(0), line);
                    if (first != null) {
                        reason = "the same code is on line " + first;
                    }
                }
                if (reason == null) {
                    IssuedCode code = new IssuedCode(
                            operator, fields.get(0), null, fields.get(1), LocalDate.parse(fields.get(2)));
                    switch (store.put(code, clock.instant())) {
                        case ADDED -> added++;
                        case UNCHANGED -> unchanged++;
                        case CONFLICT -> {
                            IssuedCode held = store.held(operator, fields.get(0));
                            reason = "this code is already registered for "
                                    + (held == null ? "another merchant" : held.target() + " issued " + held.issuedOn())
                                    + "; a printed code belongs to one merchant";
                        }
                    }
                }
            }
            if (reason != null) {
                rejectedCount++;
                if (rejected.size() < REJECTED_MAX) {
                    rejected.add(new ImportReport.RejectedRow(line, reason));
                }
            }
        }
        if (rejectedCount > rejected.size()) {
            rejected.add(new ImportReport.RejectedRow(
                    0,
                    (rejectedCount - rejected.size()) + " more rows were rejected; fix the ones above and import"
                            + " the list again to see them"));
        }
        return new ImportReport(operator, added, unchanged, rejected);
    }

    /** What is wrong with a row, or null. */
    private static String check(Operator operator, List<String> fields, LocalDate today) {
        String payload = fields.get(0);
        if (payload.isEmpty()) {
            return "the payload is empty";
        }
        if (payload.length() > IssuedCode.PAYLOAD_MAX_LENGTH) {
            return "the payload is longer than " + IssuedCode.PAYLOAD_MAX_LENGTH + " characters";
        }
        String format = formatProblem(operator, payload);
        if (format != null) {
            return format;
        }
        if (!fields.get(1).matches("[A-Za-z0-9_-]{1,40}")) {
            return "agency_id must be 1 to 40 letters, digits, '-' or '_'";
        }
        try {
            LocalDate issued = LocalDate.parse(fields.get(2));
            if (issued.isAfter(today)) {
                return "issued_on " + issued + " is in the future";
            }
        } catch (DateTimeParseException e) {
            return "issued_on must be a date such as 2021-03-02";
        }
        return null;
    }

    /** Why the text is not a code this operator printed, or null when it is. */
    static String formatProblem(Operator operator, String payload) {
        if (payload.startsWith(EmvMpm.FORMAT_INDICATOR)) {
            return switch (EmvMpm.parse(payload)) {
                case EmvParse.Valid valid ->
                    DangolCodes.isDangols(valid.payload()) ? "a Dangol code cannot be another operator's" : null;
                case EmvParse.CrcMismatch mismatch ->
                    "the EMV code's check value is " + mismatch.printed() + " but its content gives "
                            + mismatch.computed() + "; copy it exactly as printed";
                case EmvParse.Malformed malformed -> "the EMV code is malformed: " + malformed.reason();
            };
        }
        LegacyParse parse = operator == Operator.HANBIT ? HanbitCodes.parse(payload) : NuriCodes.parse(payload);
        return switch (parse) {
            case LegacyParse.Valid valid -> null;
            case LegacyParse.Broken broken -> "not a valid " + operator + " code: " + broken.reason();
            case LegacyParse.Foreign foreign ->
                operator == Operator.HANBIT
                        ? "not a HANBIT code: they are https://pay.hanbit.example/m/<10 characters>"
                        : "not a NURI code: they are 14 digits starting 77";
        };
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
    static final class Csv {
        private Csv() {}

        /** The fields, or null when a quote is left open. */
        static List<String> fields(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c != '\r') {
                    field.append(c);
                }
            }
            if (quoted) {
                return null;
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
