package dev.pigzfx.engine;

/**
 * The CRC-32 of two pieces of data joined, from the CRC-32 of each and the second one's length,
 * without the data: what lets members checked in parallel yield the CRC of the whole file.
 *
 * <p>CRC-32 is a remainder modulo a polynomial P over GF(2). Appending {@code len2} bytes to the
 * first piece multiplies its remainder by x^(8 len2) mod P, then adds the second piece's CRC. The
 * multiplication by a power of x is done by squaring: {@link #POWERS}[k] holds x^(2^k) mod P, in the
 * bit-reflected order CRC-32 uses (zlib's crc32_combine works the same way).
 */
final class Crc32Combine {

    /** The CRC-32 polynomial, reflected. */
    private static final int POLY = 0xedb88320;
    /** x^0, reflected: the top bit. */
    private static final int ONE = 0x80000000;
    private static final int[] POWERS = new int[32];

    static {
        int p = ONE >>> 1; // x^1
        POWERS[0] = p;
        for (int k = 1; k < 32; k++) {
            p = multiply(p, p);
            POWERS[k] = p;
        }
    }

    private Crc32Combine() {
    }

    static int combine(int crc1, int crc2, long len2) {
        return multiply(xToThe8n(len2), crc1) ^ crc2;
    }

    /** a x b mod P, both reflected. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int m = ONE; m != 0; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }

    /** x^(8n) mod P, reflected. */
    private static int xToThe8n(long n) {
        int p = ONE;
        int k = 3; // 8 = 2^3
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(POWERS[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }
}
