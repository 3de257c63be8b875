package dev.dangol.wallet;

import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import java.util.Objects;

/** A person's request to give vouchers of a program to another member. */
public record GiftOrder(PersonId sender, PersonId recipient, ProgramId program, Money amount, IdempotencyKey key) {

    public GiftOrder {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(key, "key");
    }
}
