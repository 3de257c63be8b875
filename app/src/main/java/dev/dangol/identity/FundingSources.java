package dev.dangol.identity;

import dev.dangol.shared.PersonId;
import java.util.List;
import java.util.Optional;

/**
 * The bank accounts and cards people linked. Linking the same account or card again returns the source already
 * linked. Refusals: {@code BANK_CODE_INVALID}, {@code ACCOUNT_NUMBER_INVALID}, {@code CARD_NUMBER_INVALID} (400),
 * {@code FUNDING_SOURCES_LIMIT} (422), {@code FUNDING_SOURCE_NOT_FOUND} (404).
 */
public interface FundingSources {

    /** Links an own-name bank account, given by its bank's 3-digit code and the account number. */
    FundingSource linkBankAccount(PersonId person, String bankCode, String accountNumber);

    /** Links a card by its number; only the last four digits are kept. */
    FundingSource linkCard(PersonId person, String cardNumber);

    /** The person's linked sources, oldest first. */
    List<FundingSource> fundingSources(PersonId person);

    /** A source the person has linked and not unlinked; what checkout charges. */
    Optional<FundingSource> fundingSource(PersonId person, String fundingSourceId);

    /** Unlinks a source; refused with 404 if the person has no such linked source. */
    void unlink(PersonId person, String fundingSourceId);
}
