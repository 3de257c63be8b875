package dev.dangol.merchant;

import java.time.Instant;
import java.util.List;

/**
 * What importing a master-data file did. Valid rows are applied and rejected ones listed with the reason, all in one
 * transaction: either the whole report holds or nothing of the file was applied.
 *
 * @param id the import's id
 * @param sha256 the SHA-256 of the file's bytes, in hex; the same file sent again is recognised by it
 * @param encoding how its text was read: {@code UTF-8} or {@code CP949}
 * @param rows data rows read (blank lines not counted)
 * @param added merchants new to the registry
 * @param changed merchants whose details or status the file changed
 * @param unchanged merchants the file lists as the registry already had them
 * @param closed merchants closed because a full file no longer lists them
 * @param rejected rows refused; the first {@value #REJECTIONS_LISTED_MAX} are listed in {@code rejections}
 * @param warnings things about the file as a whole that did not stop it, such as columns Dangol does not know
 * @param repeated true if this file had been imported before, and this is that import's report: nothing changed now
 */
public record MerchantFileReport(
        String id,
        String sha256,
        MerchantFileKind kind,
        String fileName,
        String encoding,
        Instant importedAt,
        int rows,
        int added,
        int changed,
        int unchanged,
        int closed,
        int rejected,
        List<RejectedRow> rejections,
        List<String> warnings,
        boolean repeated) {

    public static final int REJECTIONS_LISTED_MAX = 10_000;

    public MerchantFileReport {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a file's SHA-256 must be 64 hex digits");
        }
        if (rows < 0 || added < 0 || changed < 0 || unchanged < 0 || closed < 0 || rejected < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (rejections.size() > REJECTIONS_LISTED_MAX || rejections.size() > rejected) {
            throw new IllegalArgumentException("a report lists at most " + REJECTIONS_LISTED_MAX + " rejected rows");
        }
        rejections = List.copyOf(rejections);
        warnings = List.copyOf(warnings);
    }

    /** A row the import refused: where it is, whose it is if that could be read, and what to fix. */
    public record RejectedRow(long line, String agencyId, String reason) {
        public RejectedRow {
            if (line < 1) {
                throw new IllegalArgumentException("a line number starts at 1");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a rejected row needs a reason");
            }
        }
    }

    /** The same report, marked as the answer to a file sent again. */
    public MerchantFileReport asRepeated() {
        return new MerchantFileReport(
                id,
                sha256,
                kind,
                fileName,
                encoding,
                importedAt,
                rows,
                added,
                changed,
                unchanged,
                closed,
                rejected,
                rejections,
                warnings,
                true);
    }
}
