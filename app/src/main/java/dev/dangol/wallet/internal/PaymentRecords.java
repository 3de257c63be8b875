package dev.dangol.wallet.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Payments as records for reading: who paid whom, from which lots, and whether it was cancelled. The ledger is the
 * truth about the money; a record is written after its chain succeeded and can be rebuilt from the ledger.
 */
interface PaymentRecords {

    Optional<Payment> find(PaymentId id);

    /** Stores a new payment; false if one with this id is stored already. */
    boolean insert(Payment payment);

    /** Marks a paid payment cancelled; false if it was not stored as paid. */
    boolean markCancelled(PaymentId id, Instant at);

    /** A merchant's payments made from {@code from} (inclusive) to {@code to} (exclusive), oldest first. */
    List<Payment> byMerchant(MerchantId merchant, Instant from, Instant to, int limit);
}
