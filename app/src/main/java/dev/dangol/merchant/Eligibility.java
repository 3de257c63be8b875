package dev.dangol.merchant;

/** Whether a merchant may accept a program's vouchers, and if not, why in words a person can act on. */
public sealed interface Eligibility {

    record Eligible() implements Eligibility {}

    record NotEligible(String reason) implements Eligibility {
        public NotEligible {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }
    }

    Eligibility ELIGIBLE = new Eligible();

    default boolean eligible() {
        return this instanceof Eligible;
    }
}
