package dev.dangol.ledger;

import java.time.Instant;

/**
 * A pending transfer the ledger voided because its timeout passed, as {@link Ledger#expiries} lists it until the
 * client has handled it ({@link Ledger#acknowledgeExpiries}).
 *
 * @param sequence the notice's number, to acknowledge it by
 * @param transferId the pending transfer that expired
 * @param expiredAt when the ledger voided it
 */
public record ExpiredTransfer(long sequence, String transferId, Instant expiredAt) {}
