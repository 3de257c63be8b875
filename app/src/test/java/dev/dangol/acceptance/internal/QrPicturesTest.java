package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A sticker's PNG read back by ZXing gives the payload exactly, Hangul intact, at error correction M. */
class QrPicturesTest {

    @Test
    void aStickerRoundTripsThroughAPngWithHangulIntact() throws Exception {
        String payload = EmvMpmTest.DEMO_SHOP;
        byte[] png = QrPictures.png(payload, 480);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        Result read = read(png);
        assertThat(read.getText()).isEqualTo(payload).contains("광장할매떡집");
        assertThat(read.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL))
                .isEqualTo("M");
        assertThat(EmvMpm.parse(read.getText())).isInstanceOf(EmvParse.Valid.class);
    }

    @Test
    void thePublishedKoreanPayloadRoundTripsToo() throws Exception {
        assertThat(read(QrPictures.png(EmvMpmTest.BC_CARD_EXAMPLE, 600)).getText())
                .isEqualTo(EmvMpmTest.BC_CARD_EXAMPLE);
    }

    @Test
    void theCodeHasAQuietZone() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrPictures.png(EmvMpmTest.DEMO_SHOP, 480)));
        for (int x = 0; x < image.getWidth(); x++) {
            assertThat(image.getRGB(x, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
            assertThat(image.getRGB(x, 5) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        }
    }

    private static Result read(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        // No character-set hint: the ECI segment in the code must be what tells the reader it is UTF-8.
        return new QRCodeReader().decode(bitmap, java.util.Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE));
    }
}
