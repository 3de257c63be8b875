package dev.dangol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.testing.MutableClock;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger against a simple reference model under seeded random operations, written once and run against each
 * store. A failure names its seed; run that seed alone to see it again.
 */
public interface LedgerModelPropertyContract {

    /** A fresh, empty ledger reading this clock. */
    Ledger newLedger(Clock clock);

    /** Operations per seed. */
    default int steps() {
        return 400;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 42L, 4_242L, 20_300_101L, -7L, 8_675_309L})
    default void theLedgerAgreesWithASimpleModelUnderRandomOperations(long seed) {
        MutableClock clock = new MutableClock();
        ModelCheck check = new ModelCheck(seed, newLedger(clock), clock);
        try {
            check.run(steps());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("the ledger and the model part ways with seed " + seed, e);
        }
        // The run went where it matters: chains that failed, limits that held, reused ids, expiries.
        assertThat(check.seen)
                .as("outcomes met with seed %d", seed)
                .containsKeys(
                        TransferResult.OK,
                        TransferResult.LINKED_EVENT_FAILED,
                        TransferResult.EXCEEDS_CREDITS,
                        TransferResult.EXISTS_WITH_DIFFERENT_FIELDS,
                        TransferResult.PENDING_TRANSFER_NOT_FOUND);
        assertThat(check.expiries())
                .as("pending transfers expired with seed %d", seed)
                .isPositive();
    }
}
