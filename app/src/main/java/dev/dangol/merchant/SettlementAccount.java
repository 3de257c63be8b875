package dev.dangol.merchant;

/**
 * The bank account a merchant is paid into.
 *
 * @param bankCode the three-digit code of the bank (KFTC codes, for example 004 for KB Kookmin)
 * @param accountNumber digits only
 * @param holderName the account holder's name as the bank has it
 */
public record SettlementAccount(String bankCode, String accountNumber, String holderName) {

    public SettlementAccount {
        if (bankCode == null || !bankCode.matches("[0-9]{3}")) {
            throw new IllegalArgumentException("a bank code must be 3 digits");
        }
        if (accountNumber == null || !accountNumber.matches("[0-9]{6,20}")) {
            throw new IllegalArgumentException("an account number must be 6 to 20 digits");
        }
        if (holderName == null || holderName.isBlank() || holderName.length() > 100) {
            throw new IllegalArgumentException("an account needs a holder's name of 1 to 100 characters");
        }
    }

    /** The number as pages and statements show it: all but the last four digits hidden. */
    public String masked() {
        return "*".repeat(accountNumber.length() - 4) + accountNumber.substring(accountNumber.length() - 4);
    }
}
