package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.Sticker;
import dev.dangol.acceptance.Stickers;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.LocalDate;

/**
 * Gives merchants their Dangol code and records it among the issued codes. A merchant whose name changes gets a new
 * payload; the old sticker keeps working, since a Dangol code is resolved by the merchant id it holds.
 */
final class StickerDesk implements Stickers {

    private final Merchants merchants;
    private final IssuedCodeStore codes;
    private final Clock clock;

    StickerDesk(Merchants merchants, IssuedCodeStore codes, Clock clock) {
        this.merchants = merchants;
        this.codes = codes;
        this.clock = clock;
    }

    @Override
    public Sticker sticker(MerchantId id) {
        Merchant merchant = merchants
                .merchant(id)
                .orElseThrow(() -> Rejection.notFound(
                        "MERCHANT_NOT_FOUND", "There is no merchant " + id + "; check the id on your registration."));
        if (merchant.status() instanceof MerchantStatus.Closed closed) {
            throw Rejection.refused(
                    "MERCHANT_CLOSED",
                    "Merchant " + id + " is closed (" + closed.reason() + "), so it has no code to print. If it"
                            + " reopened, ask the operator to update its registration first.");
        }
        Sticker sticker = DangolCodes.sticker(merchant);
        codes.put(
                new IssuedCode(
                        Operator.DANGOL,
                        sticker.payload(),
                        merchant.id(),
                        null,
                        LocalDate.ofInstant(clock.instant(), IssuedCodeRegistry.KOREA)),
                clock.instant());
        return sticker;
    }

    @Override
    public byte[] png(Sticker sticker, int sizePixels) {
        return QrPictures.png(sticker.payload(), sizePixels);
    }
}
