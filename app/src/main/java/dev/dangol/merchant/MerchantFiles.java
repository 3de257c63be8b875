package dev.dangol.merchant;

import dev.dangol.shared.PersonId;
import java.io.InputStream;
import java.util.List;

/** The sync of the agency's master data of merchants (docs/merchant-master-data.md). */
public interface MerchantFiles {

    /**
     * Imports a master-data file: valid rows are applied, rejected rows listed, all in one transaction; the same file
     * again changes nothing and returns its first report marked as repeated.
     *
     * @param fileName the name the operator gave it, for the history, or null
     * @param bytes the file's bytes, read to the end but not closed
     * @param by the operator who sent it, or null for a job
     * @throws dev.dangol.shared.Rejection {@code MERCHANT_FILE_TOO_LARGE}, {@code MERCHANT_FILE_UNREADABLE} (no
     *     header, a required column missing, not CSV) or {@code MERCHANT_FILE_KIND_CLASH}: then nothing is applied
     */
    MerchantFileReport importFile(MerchantFileKind kind, String fileName, InputStream bytes, PersonId by);

    /** Imports so far, newest first, at most {@code limit} (1 to 1,000); their reports without the rejected rows. */
    List<MerchantFileReport> history(int limit);
}
