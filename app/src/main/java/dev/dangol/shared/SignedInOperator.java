package dev.dangol.shared;

import java.util.Objects;

/**
 * A signed-in person holding the operator role. A web controller that only operators may call takes one as its first
 * parameter: the identity module resolves it from the request's session before anything else of the request is read,
 * and answers 401 (no valid session) or 403 {@code ROLE_REQUIRED} (not an operator) instead of calling the method.
 *
 * <p>It lives here rather than beside {@code identity.Session} because the modules the identity module itself builds
 * on (programs, the ledger) need it too, and could not name an identity type without a cycle
 * (docs/decisions/0008-operator-endpoints.md).
 *
 * @param person the operator, for the record of who did what
 */
public record SignedInOperator(PersonId person) {

    public SignedInOperator {
        Objects.requireNonNull(person, "person");
    }
}
