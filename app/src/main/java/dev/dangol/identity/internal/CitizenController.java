package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.shared.Ids;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registering members by name and number without verification, for the demo and tests. It signs nobody in: a session
 * comes only from a completed identity verification ({@link IdentityController}), which then claims this member if
 * name and number match.
 */
@RestController
@RequestMapping("/api/v1/citizens")
class CitizenController {

    private final Citizens citizens;

    CitizenController(Citizens citizens) {
        this.citizens = citizens;
    }

    @PostMapping
    ResponseEntity<CitizenJson> register(@RequestBody RegisterRequest body) {
        Citizen citizen = citizens.register(body.name(), body.phone());
        return ResponseEntity.status(201).body(CitizenJson.of(citizen));
    }

    @GetMapping("/{personId}")
    CitizenJson citizen(@PathVariable String personId) {
        if (!Ids.isValid(personId)) {
            throw Rejection.notFound("CITIZEN_NOT_FOUND", "There is no member " + personId + ".");
        }
        return citizens.find(PersonId.of(personId))
                .map(CitizenJson::of)
                .orElseThrow(() -> Rejection.notFound("CITIZEN_NOT_FOUND", "There is no member " + personId + "."));
    }

    record RegisterRequest(String name, String phone) {}

    /** Name and number are shown masked, as everywhere outside the member's own devices. */
    record CitizenJson(String id, String name, String phone) {
        static CitizenJson of(Citizen c) {
            return new CitizenJson(c.id().value(), c.maskedName(), c.maskedPhone());
        }
    }
}
