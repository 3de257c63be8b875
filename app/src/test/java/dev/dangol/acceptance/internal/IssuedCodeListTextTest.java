package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.shared.Rejection;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The previous operators' lists arrive as UTF-8 or as CP949 (a Korean spreadsheet's CSV export). */
class IssuedCodeListTextTest {

    private static final String LIST =
            "payload,agency_id,issued_on\n" + "\"00020101021126...5912제일떡집 본점6304ABCD\",SEMAS-0001,2020-05-01\n";

    @Test
    void utf8WithOrWithoutAByteOrderMarkIsReadAsUtf8() {
        byte[] plain = LIST.getBytes(StandardCharsets.UTF_8);
        byte[] withMark = new byte[plain.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withMark, 3, plain.length);

        assertThat(AcceptanceController.listText(plain)).isEqualTo(LIST);
        assertThat(AcceptanceController.listText(withMark)).isEqualTo(LIST);
    }

    @Test
    void cp949IsReadWithItsHangulIntact() {
        byte[] cp949 = LIST.getBytes(Charset.forName("x-windows-949"));
        assertThat(cp949).isNotEqualTo(LIST.getBytes(StandardCharsets.UTF_8));

        assertThat(AcceptanceController.listText(cp949)).isEqualTo(LIST).contains("제일떡집 본점");
    }

    @Test
    void bytesThatAreNeitherAreRefusedRatherThanGuessed() {
        byte[] neither = {'a', ',', (byte) 0xFF, (byte) 0xFF, '\n'};

        assertThatThrownBy(() -> AcceptanceController.listText(neither))
                .isInstanceOf(Rejection.class)
                .hasMessageContaining("neither UTF-8 nor CP949")
                .extracting(e -> ((Rejection) e).code())
                .isEqualTo("LIST_UNREADABLE");
    }
}
