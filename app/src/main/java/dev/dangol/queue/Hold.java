package dev.dangol.queue;

import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.time.Instant;

/** Budget set aside for an admitted person until {@code expiresAt}. */
public record Hold(RoundId round, PersonId person, Money amount, Instant expiresAt) {}
