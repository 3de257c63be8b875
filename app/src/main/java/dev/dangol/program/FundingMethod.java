package dev.dangol.program;

/** How a citizen pays for vouchers. */
public enum FundingMethod {
    /** A debit from the citizen's own-name bank account, with withdrawal consent. */
    BANK_ACCOUNT(1),
    /** A credit or debit card. */
    CARD(2);

    private final int code;

    FundingMethod(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FundingMethod ofCode(int code) {
        for (FundingMethod method : values()) {
            if (method.code == code) {
                return method;
            }
        }
        throw new IllegalArgumentException("no funding method has code " + code);
    }
}
