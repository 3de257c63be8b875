package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.Session;
import dev.dangol.shared.Ids;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.SignedInOperator;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Looking members up, and registering them by name and number without verification.
 *
 * <p>Registering is for operators only: it proves nothing, and anyone allowed to do it could claim a number before its
 * owner verifies it (a number held under another name is refused at sign-up). It signs nobody in: a session comes only
 * from a completed identity verification ({@link IdentityController}), which then claims this member if name and
 * number match. Looking a member up, by id or by the mobile number a gift goes to, needs a session and shows the name
 * and number masked, to operators too.
 */
@RestController
@RequestMapping("/api/v1/citizens")
class CitizenController {

    private final Citizens citizens;

    CitizenController(Citizens citizens) {
        this.citizens = citizens;
    }

    @PostMapping
    ResponseEntity<CitizenJson> register(SignedInOperator operator, @RequestBody RegisterRequest body) {
        Citizen citizen = citizens.register(body.name(), body.phone());
        return ResponseEntity.status(201).body(CitizenJson.of(citizen));
    }

    /** The member a mobile number belongs to, so that a sender can see whom a gift will reach before sending it. */
    @GetMapping(params = "phone")
    CitizenJson byPhone(Session session, @RequestParam String phone) {
        return citizens.findByPhone(phone)
                .map(CitizenJson::of)
                .orElseThrow(() ->
                        Rejection.notFound("CITIZEN_NOT_FOUND", "No member has the mobile number " + phone + "."));
    }

    @GetMapping("/{personId}")
    CitizenJson citizen(Session session, @PathVariable String personId) {
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
