package dev.dangol.wallet;

import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import java.time.Instant;

/** A gift that was made. */
public record Gift(String id, PersonId sender, PersonId recipient, ProgramId program, Money amount, Instant at) {}
