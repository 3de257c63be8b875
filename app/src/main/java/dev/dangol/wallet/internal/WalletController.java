package dev.dangol.wallet.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
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
 * <p>Until sign-in arrives with the launch-day work, the citizen is named in the path.
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
    PurchaseJson purchase(@PathVariable String personId, @PathVariable String purchaseId) {
        PersonId buyer = citizen(personId);
        return wallets.purchase(buyer, purchaseId(purchaseId))
                .map(PurchaseJson::of)
                .orElseThrow(
                        () -> Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + purchaseId + "."));
    }

    /**
     * Confirms a reserved purchase as paid. Payment through a gateway arrives with the launch-day work; until then
     * this internal step lets the rules be exercised end to end.
     */
    @PostMapping("/purchases/{purchaseId}/confirmation")
    PurchaseJson confirm(@PathVariable String personId, @PathVariable String purchaseId) {
        return PurchaseJson.of(wallets.confirm(citizen(personId), purchaseId(purchaseId)));
    }

    @PostMapping("/purchases/{purchaseId}/release")
    PurchaseJson release(@PathVariable String personId, @PathVariable String purchaseId) {
        return PurchaseJson.of(wallets.release(citizen(personId), purchaseId(purchaseId)));
    }

    @PostMapping("/purchases/{purchaseId}/cancellation")
    RefundJson cancel(@PathVariable String personId, @PathVariable String purchaseId) {
        return RefundJson.of(wallets.cancel(citizen(personId), purchaseId(purchaseId)));
    }

    @PostMapping("/purchases/{purchaseId}/remainder-refund")
    RefundJson refundRemainder(@PathVariable String personId, @PathVariable String purchaseId) {
        return RefundJson.of(wallets.refundRemainder(citizen(personId), purchaseId(purchaseId)));
    }

    @PostMapping("/gifts")
    ResponseEntity<GiftJson> gift(
            @PathVariable String personId,
            @RequestHeader("Idempotency-Key") String key,
            @RequestBody GiftRequest body) {
        PersonId sender = citizen(personId);
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
    WalletJson wallet(@PathVariable String personId, @PathVariable String programId) {
        return WalletJson.of(wallets.wallet(citizen(personId), ProgramId.of(programId)));
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
