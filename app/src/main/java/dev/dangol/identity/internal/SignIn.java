package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.IdentityVerification;
import dev.dangol.identity.VerifiedPerson;

/**
 * Signing up and signing in are one step: a completed verification finds the member its CI belongs to (registering
 * them if new) and opens a session with their roles.
 */
final class SignIn {

    private final IdentityVerification verification;
    private final MemberStore members;
    private final Memberships memberships;
    private final SessionBook sessions;

    SignIn(IdentityVerification verification, MemberStore members, Memberships memberships, SessionBook sessions) {
        this.verification = verification;
        this.members = members;
        this.memberships = memberships;
        this.sessions = sessions;
    }

    SignedIn complete(String verificationId, String code) {
        VerifiedPerson person = verification.complete(verificationId, code);
        Citizen citizen = members.admitVerified(person);
        OpenedSession opened = sessions.open(citizen.id(), memberships.rolesOf(citizen));
        return new SignedIn(citizen, opened);
    }

    record SignedIn(Citizen citizen, OpenedSession opened) {}
}
