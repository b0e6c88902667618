package dev.pigzfx.engine;

import dev.pigzfx.platform.Os;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The fields PigzFX stores in a gzip member header (RFC 1952): the original file name and its
 * modification time. The name is written as the bytes the file system holds for it (the system's
 * encoding for names: UTF-8 on most systems), as gzip does; on Windows, whose names are UTF-16, as
 * UTF-8. A name with a NUL in it cannot be stored and is left out.
 *
 * @param fileName     the original name without its folder, or null for none (standard input)
 * @param mtimeSeconds seconds since the epoch; 0 means "no time", as does any value outside 32 bits
 */
public record GzipHeader(String fileName, long mtimeSeconds) {

    private static final Charset NAME_CHARSET = nameCharset();

    /** A header with neither name nor time, as for data from a pipe. */
    public static final GzipHeader NONE = new GzipHeader(null, 0);

    static final int ID1 = 0x1f;
    static final int ID2 = 0x8b;
    static final int CM_DEFLATE = 8;
    static final int FTEXT = 0x01;
    static final int FHCRC = 0x02;
    static final int FEXTRA = 0x04;
    static final int FNAME = 0x08;
    static final int FCOMMENT = 0x10;
    static final int FRESERVED = 0xe0;
    /** Operating system field: Unix, as pigz and gzip write on the systems PigzFX mostly runs on. */
    static final int OS_UNIX = 3;

    /** Writes the header of one member compressed at {@code level}; returns the bytes written. */
    public int writeTo(OutputStream out, int level) throws IOException {
        byte[] name = storableName();
        long mtime = mtimeSeconds >= 0 && mtimeSeconds <= 0xffff_ffffL ? mtimeSeconds : 0;
        byte[] head = new byte[10];
        head[0] = (byte) ID1;
        head[1] = (byte) ID2;
        head[2] = CM_DEFLATE;
        head[3] = (byte) (name == null ? 0 : FNAME);
        putIntLE(head, 4, (int) mtime);
        head[8] = (byte) extraFlags(level);
        head[9] = OS_UNIX;
        out.write(head);
        if (name == null) {
            return head.length;
        }
        out.write(name);
        out.write(0);
        return head.length + name.length + 1;
    }

    /** XFL: 2 marks the slowest level, 4 the fastest; other levels leave it 0 (RFC 1952, gzip). */
    static int extraFlags(int level) {
        return level >= 9 ? 2 : level == 1 ? 4 : 0;
    }

    /** A stored name's bytes as this system's names are written: the inverse of what {@link #writeTo} stores. */
    static String decodeName(byte[] stored) {
        return new String(stored, NAME_CHARSET);
    }

    private static Charset nameCharset() {
        if (Os.current() == Os.WINDOWS) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private byte[] storableName() {
        if (fileName == null || fileName.isEmpty() || fileName.indexOf('\0') >= 0) {
            return null;
        }
        return fileName.getBytes(NAME_CHARSET);
    }

    /** Writes the 8-byte trailer: CRC-32 of the uncompressed data and its length modulo 2^32. */
    public static void writeTrailer(OutputStream out, int crc32, long length) throws IOException {
        byte[] tail = new byte[8];
        putIntLE(tail, 0, crc32);
        putIntLE(tail, 4, (int) length);
        out.write(tail);
    }

    static void putIntLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
