package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ticket key ring: configured, or made once and kept for the embedded server. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TicketsTest {

    private static final RoundId ROUND = RoundId.of("launch");
    private static final PersonId KIM = PersonId.of("kim");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void theEmbeddedKeyIsMadeOnceAndKeptSoThatTicketsSurviveARestart() throws Exception {
        Tickets first = Tickets.loadOrCreate(directory, new SplittableRandom(1));
        String placeId = PlaceIds.random(new SplittableRandom(2));
        String ticket = first.issue(ROUND, KIM, placeId, NOW);

        Tickets again = Tickets.loadOrCreate(directory, new SplittableRandom(99));

        assertThat(again.verify(ticket)).isEqualTo(new Tickets.Claims(ROUND, KIM, placeId, NOW));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("ticket-keys"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aKeyRingRefusesShortSecretsMalformedEntriesAndDuplicateIds() {
        assertThatThrownBy(() -> Tickets.parse("k1:short")).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> Tickets.parse("no-colon")).hasMessageContaining("kid:secret");
        assertThatThrownBy(() -> Tickets.parse("k1:" + "a".repeat(32) + ",k1:" + "b".repeat(32)))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Tickets.parse("k.1:" + "a".repeat(32))).hasMessageContaining("key id");
    }

    @Test
    void aTicketCarriesNoPosition() {
        Tickets tickets = Tickets.parse("k1:" + "a".repeat(32));
        String placeId = PlaceIds.random(new SplittableRandom(2));
        String ticket = tickets.issue(ROUND, KIM, placeId, NOW);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(ticket.split("\\.")[2]));

        assertThat(payload).isEqualTo("launch kim " + placeId + " " + NOW.getEpochSecond());
    }
}
