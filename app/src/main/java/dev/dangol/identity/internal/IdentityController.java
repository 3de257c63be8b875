package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.IdentityVerification;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.identity.Sessions;
import dev.dangol.identity.VerificationStarted;
import dev.dangol.shared.Rejection;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Signing up and in by identity verification, the signed-in person, and signing out. */
@RestController
@RequestMapping("/api/v1")
class IdentityController {

    private final IdentityVerification verification;
    private final SignIn signIn;
    private final Citizens citizens;
    private final Sessions sessions;
    private final SessionCookie cookie;

    IdentityController(
            IdentityVerification verification,
            SignIn signIn,
            Citizens citizens,
            Sessions sessions,
            SessionCookie cookie) {
        this.verification = verification;
        this.signIn = signIn;
        this.citizens = citizens;
        this.sessions = sessions;
        this.cookie = cookie;
    }

    @PostMapping("/identity/verifications")
    ResponseEntity<StartedJson> start(@RequestBody StartRequest body) {
        VerificationStarted started = verification.start(body.name(), body.phone());
        return ResponseEntity.status(201)
                .cacheControl(CacheControl.noStore())
                .body(new StartedJson(started.id(), started.expiresAt(), started.devCode()));
    }

    @PostMapping("/identity/verifications/{verificationId}/complete")
    ResponseEntity<SignedInJson> complete(@PathVariable String verificationId, @RequestBody CompleteRequest body) {
        SignIn.SignedIn signedIn = signIn.complete(verificationId, body.code());
        Session session = signedIn.opened().session();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, cookie.set(signedIn.opened().token()))
                .body(new SignedInJson(
                        signedIn.opened().token(),
                        PersonJson.of(signedIn.citizen()),
                        new TreeSet<>(session.roles()),
                        session.idleExpiresAt()));
    }

    @GetMapping("/me")
    MeJson me(Session session) {
        Citizen citizen = citizens.find(session.person())
                .orElseThrow(() -> Rejection.unauthenticated(
                        "SESSION_INVALID", "Sign in again: this session's member is not known."));
        return new MeJson(PersonJson.of(citizen), new TreeSet<>(session.roles()), session.idleExpiresAt());
    }

    /** Signing out always succeeds and always clears the cookie, even if the session had already ended. */
    @DeleteMapping("/me/session")
    ResponseEntity<Void> signOut(Optional<Session> session) {
        session.ifPresent(sessions::end);
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, cookie.clear())
                .build();
    }

    record StartRequest(String name, String phone) {}

    record CompleteRequest(String code) {}

    /** {@code devCode} appears only with {@code dangol.identity.dev-codes=true}. */
    record StartedJson(String verificationId, Instant expiresAt, String devCode) {}

    record SignedInJson(String token, PersonJson person, Set<Role> roles, Instant idleExpiresAt) {}

    record MeJson(PersonJson person, Set<Role> roles, Instant idleExpiresAt) {}

    /** Name and number are shown masked, as everywhere. */
    record PersonJson(String id, String name, String phone) {
        static PersonJson of(Citizen c) {
            return new PersonJson(c.id().value(), c.maskedName(), c.maskedPhone());
        }
    }
}
