package dev.dangol.acceptance.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * QR code pictures with ZXing: the payload as UTF-8 announced by an ECI segment (so that a reader does not take
 * Hangul for ISO-8859-1), error correction M (about 15% of the code may be lost to wear), a quiet zone of 4 modules.
 */
final class QrPictures {

    static final int SIZE_MIN = 120;
    static final int SIZE_MAX = 2_000;

    private QrPictures() {}

    static byte[] png(String payload, int sizePixels) {
        if (sizePixels < SIZE_MIN || sizePixels > SIZE_MAX) {
            throw new IllegalArgumentException("a picture is " + SIZE_MIN + " to " + SIZE_MAX + " pixels wide");
        }
        try {
            BitMatrix matrix = new QRCodeWriter()
                    .encode(
                            payload,
                            BarcodeFormat.QR_CODE,
                            sizePixels,
                            sizePixels,
                            Map.of(
                                    EncodeHintType.CHARACTER_SET,
                                    StandardCharsets.UTF_8.name(),
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.MARGIN,
                                    4));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return png.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("the payload does not fit in a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
