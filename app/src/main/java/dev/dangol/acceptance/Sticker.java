package dev.dangol.acceptance;

import dev.dangol.shared.MerchantId;
import java.util.Objects;

/**
 * What a merchant prints: Dangol's EMV payload for it and the names shown beside the code.
 *
 * @param payload the EMV merchant-presented payload the QR code holds
 */
public record Sticker(
        MerchantId merchant, String payload, String nameKorean, String nameRomanised, String cityRomanised) {

    public Sticker {
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(nameKorean, "nameKorean");
        Objects.requireNonNull(nameRomanised, "nameRomanised");
        Objects.requireNonNull(cityRomanised, "cityRomanised");
    }
}
