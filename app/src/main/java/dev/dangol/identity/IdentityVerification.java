package dev.dangol.identity;

/**
 * Proves that a person holds a mobile number under their own name, and yields the person's CI (연계정보): a key that
 * is the same for one person whatever phone, device or app they use, so that one person has one limit and one queue
 * place.
 *
 * <p>In production this port is a carrier or PASS verification service. Dangol ships a development adapter that sends
 * no text message: it hands the code back in the answer when {@code dangol.identity.dev-codes=true} and derives a
 * stand-in CI from the name and number (see {@code docs/api.md}).
 *
 * <p>Refusals are thrown as {@link dev.dangol.shared.Rejection}: {@code PHONE_INVALID}, {@code NAME_INVALID}, {@code
 * VERIFICATION_NOT_FOUND}, {@code CODE_INVALID}, {@code CODE_WRONG} (with {@code triesLeft}), {@code
 * TOO_MANY_TRIES}, {@code VERIFICATION_EXPIRED}, {@code TOO_MANY_VERIFICATIONS} and {@code VERIFICATIONS_BUSY}.
 */
public interface IdentityVerification {

    /** Starts a verification: the person receives a one-time code on the phone. */
    VerificationStarted start(String name, String phone);

    /** Completes a verification with its code. A verification completes at most once. */
    VerifiedPerson complete(String verificationId, String code);
}
