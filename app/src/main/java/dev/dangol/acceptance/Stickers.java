package dev.dangol.acceptance;

import dev.dangol.shared.MerchantId;

/** Merchants' own Dangol codes, for printing. */
public interface Stickers {

    /**
     * The merchant's sticker. The payload is recorded in the registry of issued codes the first time, so that the
     * readiness report knows the merchant has a working code. Refused with 404 for an unknown merchant.
     */
    Sticker sticker(MerchantId merchant);

    /** The sticker's QR code as a PNG image (UTF-8 with ECI, error correction M, a quiet zone of 4 modules). */
    byte[] png(Sticker sticker, int sizePixels);
}
