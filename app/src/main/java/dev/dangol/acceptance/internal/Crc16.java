package dev.dangol.acceptance.internal;

import java.nio.charset.StandardCharsets;

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final xor), the check value of EMV
 * merchant-presented codes, computed over the UTF-8 bytes of the text. Its check value for "123456789" is 0x29B1.
 */
final class Crc16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private Crc16() {}

    static int of(String text) {
        int crc = 0xFFFF;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** Four upper-case hex digits, leading zeros kept, as EMV codes print it. */
    static String hex(int crc) {
        String digits = Integer.toHexString(crc).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(4 - digits.length()) + digits;
    }
}
