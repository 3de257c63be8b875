package dev.dangol.identity.internal;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Luhn;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A bank account or card as a person gave it, checked and reduced to what may be kept: a masked label, a keyed
 * fingerprint (to recognise the same account linked twice) and a token. The number itself is never stored, logged or
 * shown; {@link #toString} leaves it out.
 *
 * <p>The token stands in for the one a real payment gateway returns from its own registration page. The sandbox
 * gateway declines any token containing "decline"; an account or card number ending in 0002 gets such a token, so
 * that a declined payment can be tried on purpose (4000 0000 0000 0002 is a card number that passes the Luhn check).
 */
record FundingDetails(FundingMethod method, String label, String number, boolean declinesInSandbox) {

    /** Korean banks by their 3-digit code (금융기관 코드), for labels people recognise. */
    private static final Map<String, String> BANKS = Map.ofEntries(
            Map.entry("002", "KDB산업은행"),
            Map.entry("003", "IBK기업은행"),
            Map.entry("004", "KB국민은행"),
            Map.entry("007", "Sh수협은행"),
            Map.entry("011", "NH농협은행"),
            Map.entry("020", "우리은행"),
            Map.entry("023", "SC제일은행"),
            Map.entry("027", "한국씨티은행"),
            Map.entry("031", "iM뱅크"),
            Map.entry("032", "부산은행"),
            Map.entry("034", "광주은행"),
            Map.entry("035", "제주은행"),
            Map.entry("037", "전북은행"),
            Map.entry("039", "경남은행"),
            Map.entry("045", "새마을금고"),
            Map.entry("048", "신협"),
            Map.entry("071", "우체국"),
            Map.entry("081", "하나은행"),
            Map.entry("088", "신한은행"),
            Map.entry("089", "케이뱅크"),
            Map.entry("090", "카카오뱅크"),
            Map.entry("092", "토스뱅크"));

    private static final String DECLINING_ENDING = "0002";

    FundingDetails {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(number, "number");
    }

    static FundingDetails bankAccount(String bankCode, String accountNumber) {
        if (bankCode == null || !bankCode.matches("[0-9]{3}")) {
            throw Rejection.invalid("BANK_CODE_INVALID", "Give the bank's 3-digit code, such as 004 for KB국민은행.");
        }
        String digits = digits(accountNumber);
        if (!digits.matches("[0-9]{10,16}")) {
            throw Rejection.invalid(
                    "ACCOUNT_NUMBER_INVALID", "Give the account number: 10 to 16 digits, with or without hyphens.");
        }
        String bank = BANKS.getOrDefault(bankCode, "은행 " + bankCode);
        return new FundingDetails(
                FundingMethod.BANK_ACCOUNT,
                bank + " " + masked(digits),
                bankCode + ":" + digits,
                digits.endsWith(DECLINING_ENDING));
    }

    static FundingDetails card(String cardNumber) {
        String digits = digits(cardNumber);
        if (!digits.matches("[0-9]{13,19}") || !Luhn.holds(digits)) {
            throw Rejection.invalid(
                    "CARD_NUMBER_INVALID", "Give the card number as printed on the card: 13 to 19 digits.");
        }
        return new FundingDetails(
                FundingMethod.CARD, "카드 " + masked(digits), digits, digits.endsWith(DECLINING_ENDING));
    }

    /**
     * The same for the same account or card of the same person, and useless without the key: a plain digest of a
     * 10-digit account number could be reversed by trying every number.
     */
    String fingerprint(byte[] key, PersonId person) {
        return Digests.hmacBase64(key, "funding-v1|" + person.value() + "|" + method.name() + "|" + number);
    }

    /** A new opaque token in the form the sandbox gateway accepts. */
    String sandboxToken(RandomGenerator random) {
        byte[] bytes = new byte[12];
        synchronized (random) {
            random.nextBytes(bytes);
        }
        String kind = method == FundingMethod.CARD ? "card" : "bank";
        return "sbx_" + kind + (declinesInSandbox ? "_decline_" : "_")
                + HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "FundingDetails[" + method + ", " + label + "]";
    }

    private static String masked(String digits) {
        return "****" + digits.substring(digits.length() - 4);
    }

    private static String digits(String number) {
        return number == null ? "" : number.replaceAll("[\\s-]", "");
    }
}
