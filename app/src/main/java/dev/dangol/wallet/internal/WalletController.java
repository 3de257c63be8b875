package dev.dangol.wallet.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.shared.SignedInOperator;
import dev.dangol.wallet.Gift;
import dev.dangol.wallet.GiftOrder;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Lot;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Refund;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.net.URI;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A citizen's vouchers over JSON. Requests that create something that moves money (a purchase, a gift) need an
 * {@code Idempotency-Key}; the steps of an existing purchase are idempotent by the purchase's own id.
 *
 * <p>The wallet is named in the path (clients and documents use these paths), and the path must name the signed-in
 * person's own wallet, else 403 {@code NOT_YOUR_WALLET}; an operator may read any wallet, but change none. Reserving,
 * confirming and releasing a purchase directly pass by the waiting room and the payment gateway, so they are for
 * operators' repairs and tests only: citizens buy through the launch-day checkout.
 */
@RestController
@RequestMapping("/api/v1/citizens/{personId}")
class WalletController {

    private final Wallets wallets;
    private final Citizens citizens;

    WalletController(Wallets wallets, Citizens citizens) {
        this.wallets = wallets;
        this.citizens = citizens;
    }

    @PostMapping("/purchases")
    ResponseEntity<PurchaseJson> reserve(
            SignedInOperator operator,
            @PathVariable String personId,
            @RequestHeader("Idempotency-Key") String key,
            @RequestBody PurchaseRequest body) {
        PersonId buyer = citizen(personId);
        if (body.roundId() == null || body.faceValue() == null || body.funding() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING", "Give 'roundId', 'faceValue' (won) and 'funding' (BANK_ACCOUNT or CARD).");
        }
        Purchase purchase = wallets.reserve(new PurchaseOrder(
                buyer,
                RoundId.of(body.roundId()),
                Money.krw(body.faceValue()),
                body.funding(),
                new IdempotencyKey(key)));
        return ResponseEntity.created(URI.create("/api/v1/citizens/" + personId + "/purchases/" + purchase.id()))
                .body(PurchaseJson.of(purchase));
    }

    @GetMapping("/purchases/{purchaseId}")
    PurchaseJson purchase(Session session, @PathVariable String personId, @PathVariable String purchaseId) {
        PersonId buyer = reader(session, personId);
        return wallets.purchase(buyer, purchaseId(purchaseId))
                .map(PurchaseJson::of)
                .orElseThrow(
                        () -> Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + purchaseId + "."));
    }

    /**
     * Confirms a reserved purchase as paid without asking a payment gateway: for operators who repair a purchase whose
     * payment they have checked by other means, and for tests that exercise the rules end to end.
     */
    @PostMapping("/purchases/{purchaseId}/confirmation")
    PurchaseJson confirm(SignedInOperator operator, @PathVariable String personId, @PathVariable String purchaseId) {
        return PurchaseJson.of(wallets.confirm(citizen(personId), purchaseId(purchaseId)));
    }

    @PostMapping("/purchases/{purchaseId}/release")
    PurchaseJson release(SignedInOperator operator, @PathVariable String personId, @PathVariable String purchaseId) {
        return PurchaseJson.of(wallets.release(citizen(personId), purchaseId(purchaseId)));
    }

    @PostMapping("/purchases/{purchaseId}/cancellation")
    RefundJson cancel(Session session, @PathVariable String personId, @PathVariable String purchaseId) {
        return RefundJson.of(wallets.cancel(owner(session, personId), purchaseId(purchaseId)));
    }

    @PostMapping("/purchases/{purchaseId}/remainder-refund")
    RefundJson refundRemainder(Session session, @PathVariable String personId, @PathVariable String purchaseId) {
        return RefundJson.of(wallets.refundRemainder(owner(session, personId), purchaseId(purchaseId)));
    }

    @PostMapping("/gifts")
    ResponseEntity<GiftJson> gift(
            Session session,
            @PathVariable String personId,
            @RequestHeader("Idempotency-Key") String key,
            @RequestBody GiftRequest body) {
        PersonId sender = owner(session, personId);
        if (body.programId() == null || body.amount() == null || body.recipientPhone() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING", "Give 'programId', 'amount' (won) and 'recipientPhone' of the member to give to.");
        }
        Citizen recipient = citizens.findByPhone(body.recipientPhone())
                .orElseThrow(() -> Rejection.notFound(
                        "RECIPIENT_NOT_FOUND", "No member has the mobile number " + body.recipientPhone() + "."));
        Gift gift = wallets.gift(new GiftOrder(
                sender,
                recipient.id(),
                ProgramId.of(body.programId()),
                Money.krw(body.amount()),
                new IdempotencyKey(key)));
        return ResponseEntity.status(201)
                .body(new GiftJson(
                        gift.id(),
                        gift.program().value(),
                        gift.amount().krw(),
                        recipient.maskedName(),
                        recipient.maskedPhone(),
                        gift.at()));
    }

    @GetMapping("/wallets/{programId}")
    WalletJson wallet(Session session, @PathVariable String personId, @PathVariable String programId) {
        return WalletJson.of(wallets.wallet(reader(session, personId), ProgramId.of(programId)));
    }

    /**
     * The person named in the path, who must be the signed-in one. Nobody learns from the refusal whether another
     * person exists.
     */
    private static PersonId owner(Session session, String personId) {
        if (!session.person().value().equals(personId)) {
            throw Rejection.forbidden(
                    "NOT_YOUR_WALLET",
                    "You can use only your own wallet: put your own member id (" + session.person()
                            + ") in the path, or sign in as the wallet's owner.");
        }
        return session.person();
    }

    /** The person named in the path, for reading: the signed-in person's own, or anyone's for an operator. */
    private PersonId reader(Session session, String personId) {
        return session.has(Role.OPERATOR) ? citizen(personId) : owner(session, personId);
    }

    private PersonId citizen(String personId) {
        if (!dev.dangol.shared.Ids.isValid(personId)) {
            throw Rejection.notFound("CITIZEN_NOT_FOUND", "There is no member " + personId + ".");
        }
        PersonId id = PersonId.of(personId);
        return citizens.find(id)
                .map(Citizen::id)
                .orElseThrow(() -> Rejection.notFound("CITIZEN_NOT_FOUND", "There is no member " + personId + "."));
    }

    private static PurchaseId purchaseId(String value) {
        if (!PurchaseId.isValid(value)) {
            throw Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + value + ".");
        }
        return new PurchaseId(value);
    }

    record PurchaseRequest(String roundId, Long faceValue, FundingMethod funding) {}

    record GiftRequest(String programId, Long amount, String recipientPhone) {}

    record PurchaseJson(
            String id,
            String programId,
            String roundId,
            long faceValue,
            long paid,
            long subsidy,
            FundingMethod funding,
            PurchaseStatus status,
            Instant reservedAt,
            Instant holdExpiresAt,
            Instant validUntil,
            long balance,
            long refunded) {
        static PurchaseJson of(Purchase p) {
            return new PurchaseJson(
                    p.id().value(),
                    p.program().value(),
                    p.round().value(),
                    p.faceValue().krw(),
                    p.paid().krw(),
                    p.subsidy().krw(),
                    p.funding(),
                    p.status(),
                    p.reservedAt(),
                    p.status() == PurchaseStatus.RESERVED ? p.holdExpiresAt() : null,
                    p.validUntil(),
                    p.balance().krw(),
                    p.refunded().krw());
        }
    }

    record RefundJson(String purchaseId, Refund.Kind kind, long faceValue, long toBuyer, long toSubsidy) {
        static RefundJson of(Refund r) {
            return new RefundJson(
                    r.purchase().value(),
                    r.kind(),
                    r.faceValue().krw(),
                    r.toBuyer().krw(),
                    r.toSubsidy().krw());
        }
    }

    record GiftJson(
            String id, String programId, long amount, String recipientName, String recipientPhone, Instant at) {}

    record LotJson(
            String id,
            Lot.Origin origin,
            String source,
            FundingMethod funding,
            long received,
            long balance,
            long reserved,
            Instant acquiredAt,
            Instant validUntil) {
        static LotJson of(Lot l) {
            return new LotJson(
                    l.id(),
                    l.origin(),
                    l.source(),
                    l.funding(),
                    l.received().krw(),
                    l.balance().krw(),
                    l.reserved().krw(),
                    l.acquiredAt(),
                    l.validUntil());
        }
    }

    record WalletJson(
            String personId,
            String programId,
            YearMonth month,
            long balance,
            long holdingCap,
            long holdingRoom,
            long monthlyPurchaseRoom,
            long monthlyCardRoom,
            long monthlyGiftReceiptRoom,
            List<LotJson> lots) {
        static WalletJson of(WalletView w) {
            return new WalletJson(
                    w.person().value(),
                    w.program().value(),
                    w.month(),
                    w.balance().krw(),
                    w.holdingCap().krw(),
                    w.holdingRoom().krw(),
                    w.monthlyPurchaseRoom().krw(),
                    w.monthlyCardRoom().krw(),
                    w.monthlyGiftReceiptRoom().krw(),
                    w.lots().stream().map(LotJson::of).toList());
        }
    }
}
