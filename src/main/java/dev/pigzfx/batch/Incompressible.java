package dev.pigzfx.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Spots data that will not shrink (random bytes, JPEG, video, archives) by compressing three
 * 64 KiB samples (start, middle, end) at level 1, before spending real work on the file, and says
 * what to do with such a file.
 */
public enum Incompressible {
    /** Compress it anyway at the chosen level. */
    COMPRESS,
    /** Compress it at level 1: nearly the same size for a fraction of the time. */
    FAST,
    /** Leave it as it is. */
    SKIP;

    /** Files smaller than this are compressed as asked: sampling them would cost as much as compressing. */
    static final long SAMPLE_FROM = 1024 * 1024;
    private static final int SAMPLE = 64 * 1024;
    /** A sample that shrinks by less than this fraction marks the file as incompressible. */
    private static final double MIN_SAVING = 0.02;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Incompressible parse(String id) {
        for (Incompressible i : values()) {
            if (i.id().equalsIgnoreCase(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + id + "': choose compress, fast or skip");
    }

    /** Whether samples of {@code file} barely shrink; false when it cannot be read (compression will say why). */
    static boolean looksIncompressible(Path file, long size) {
        if (size < SAMPLE_FROM) {
            return false;
        }
        byte[] sample = new byte[SAMPLE];
        byte[] out = new byte[SAMPLE + 1024];
        long in = 0;
        long compressed = 0;
        Deflater deflater = new Deflater(1, true);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long at : new long[] {0, size / 2 - SAMPLE / 2, size - SAMPLE}) {
                ByteBuffer buf = ByteBuffer.wrap(sample);
                while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
                    // fill the sample
                }
                deflater.reset();
                deflater.setInput(sample, 0, buf.position());
                deflater.finish();
                while (!deflater.finished()) {
                    compressed += deflater.deflate(out);
                }
                in += buf.position();
            }
        } catch (IOException e) {
            return false;
        } finally {
            deflater.end();
        }
        return in > 0 && compressed > in * (1 - MIN_SAVING);
    }
}
