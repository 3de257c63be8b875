package dev.dangol.queue.internal;

import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.queue.Chance;
import dev.dangol.queue.Draw;
import dev.dangol.queue.Place;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.QueueState;
import dev.dangol.queue.QueueStatus;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The waiting room over JSON. The person is always the signed-in one ({@link Session}); a ticket only names a place,
 * and polling with someone else's ticket is refused. Nothing a waiter polls is cached on the way.
 */
@RestController
@RequestMapping("/api/v1")
class QueueController {

    private final WaitingRoom room;

    QueueController(WaitingRoom room) {
        this.room = room;
    }

    @PostMapping("/rounds/{round}/queue")
    ResponseEntity<PlaceJson> join(
            @PathVariable String round, Session session, @RequestBody(required = false) JoinRequest body) {
        Money wanted = body == null || body.wanted() == null ? null : Money.krw(body.wanted());
        Place place = room.join(RoundId.of(round), session.person(), wanted);
        return ResponseEntity.status(place.rejoined() ? 200 : 201)
                .cacheControl(CacheControl.noStore())
                .body(PlaceJson.of(place));
    }

    @GetMapping("/rounds/{round}/queue/status")
    ResponseEntity<StatusJson> status(
            @PathVariable String round,
            @RequestHeader(name = "Dangol-Ticket", required = false) String ticket,
            Session session) {
        if (ticket == null || ticket.isBlank()) {
            throw Rejection.invalid(
                    "TICKET_MISSING",
                    "Send the ticket you got when you joined in the Dangol-Ticket header, or ask for it again at"
                            + " /api/v1/rounds/" + round + "/queue/me.");
        }
        QueueStatus status = room.status(RoundId.of(round), ticket, session.person());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(StatusJson.of(status));
    }

    /** The signed-in person's place with a fresh ticket: after a new login, on another device. */
    @GetMapping("/rounds/{round}/queue/me")
    ResponseEntity<PlaceJson> me(@PathVariable String round, Session session) {
        Place place = room.place(RoundId.of(round), session.person())
                .orElseThrow(() -> Rejection.notFound(
                        "NOT_IN_QUEUE",
                        "You have no place in this round's queue. Join it with POST /api/v1/rounds/" + round
                                + "/queue."));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(PlaceJson.of(place));
    }

    /** Gives the admission up, so that its budget goes to the next person at once. */
    @DeleteMapping("/rounds/{round}/queue/admission")
    ResponseEntity<Void> release(@PathVariable String round, Session session) {
        room.release(RoundId.of(round), session.person());
        return ResponseEntity.noContent().build();
    }

    /** The pre-queue draw, public: the seed's commitment before opening, the seed and the participants after. */
    @GetMapping("/rounds/{round}/draw")
    DrawJson draw(@PathVariable String round) {
        return DrawJson.of(room.draw(RoundId.of(round)));
    }

    @PostMapping("/operator/rounds/{round}/queue/pause")
    OverviewJson pause(@PathVariable String round, Session session) {
        session.require(Role.OPERATOR);
        room.pause(RoundId.of(round));
        return OverviewJson.of(room.overview(RoundId.of(round)));
    }

    @PostMapping("/operator/rounds/{round}/queue/resume")
    OverviewJson resume(@PathVariable String round, Session session) {
        session.require(Role.OPERATOR);
        room.resume(RoundId.of(round));
        return OverviewJson.of(room.overview(RoundId.of(round)));
    }

    @PutMapping("/operator/rounds/{round}/queue/rate-cap")
    OverviewJson capRate(@PathVariable String round, Session session, @RequestBody RateCapRequest body) {
        session.require(Role.OPERATOR);
        if (body == null || body.admissionsPerSecond() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING", "Give 'admissionsPerSecond': the most admissions a second, or 0 for no cap.");
        }
        room.capRate(RoundId.of(round), body.admissionsPerSecond());
        return OverviewJson.of(room.overview(RoundId.of(round)));
    }

    @GetMapping("/operator/rounds/{round}/queue/overview")
    ResponseEntity<OverviewJson> overview(@PathVariable String round, Session session) {
        session.require(Role.OPERATOR);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(OverviewJson.of(room.overview(RoundId.of(round))));
    }

    /** @param wanted face value to buy, in won; absent for the round's per-person cap */
    record JoinRequest(Long wanted) {}

    record RateCapRequest(Integer admissionsPerSecond) {}

    record PlaceJson(String ticket, boolean rejoined, StatusJson status) {
        static PlaceJson of(Place place) {
            return new PlaceJson(place.ticket(), place.rejoined(), StatusJson.of(place.status()));
        }
    }

    /** A status with amounts in won; absent fields are left out. */
    record StatusJson(
            String round,
            QueueState state,
            long position,
            long waitLowSeconds,
            long waitHighSeconds,
            Chance chance,
            int pollAfterSeconds,
            Long hold,
            Instant holdExpiresAt,
            Instant opensAt) {
        static StatusJson of(QueueStatus s) {
            return new StatusJson(
                    s.round().value(),
                    s.state(),
                    s.position(),
                    s.waitLowSeconds(),
                    s.waitHighSeconds(),
                    s.chance(),
                    s.pollAfterSeconds(),
                    s.hold() == null ? null : s.hold().krw(),
                    s.holdExpiresAt(),
                    s.opensAt());
        }
    }

    record DrawJson(String round, String seedCommitment, String seed, List<String> participants) {
        static DrawJson of(Draw draw) {
            return new DrawJson(draw.round().value(), draw.seedCommitment(), draw.seed(), draw.participants());
        }
    }

    record OverviewJson(
            String round,
            long waiting,
            long admitted,
            long inCheckout,
            long holds,
            long held,
            long sold,
            long pool,
            long admissionsLastMinute,
            int rateCap,
            boolean paused,
            boolean soldOut) {
        static OverviewJson of(QueueOverview o) {
            return new OverviewJson(
                    o.round().value(),
                    o.waiting(),
                    o.admitted(),
                    o.inCheckout(),
                    o.holds(),
                    o.held().krw(),
                    o.sold().krw(),
                    o.pool().krw(),
                    o.admissionsLastMinute(),
                    o.rateCap(),
                    o.paused(),
                    o.soldOut());
        }
    }
}
