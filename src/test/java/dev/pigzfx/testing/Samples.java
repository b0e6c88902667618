package dev.pigzfx.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic test data: log-like text that compresses like real text, and random bytes that do not. */
public final class Samples {

    private static final String[] WORDS = ("request served user session cache miss hit retry timeout upstream "
            + "db query slow ok rejected token refresh compress block thread verify gzip deflate").split(" ");

    private Samples() {
    }

    public static byte[] text(int length, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(length + 200);
        long t = 1_700_000_000_000L;
        while (sb.length() < length) {
            t += r.nextInt(100);
            sb.append(t).append(" INFO [worker-").append(r.nextInt(16)).append("] id=")
                    .append(Integer.toHexString(r.nextInt())).append(' ');
            for (int i = 4 + r.nextInt(10); i > 0; i--) {
                sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            sb.append('\n');
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(all, length);
    }

    public static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
