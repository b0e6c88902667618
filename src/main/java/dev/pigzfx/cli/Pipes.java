package dev.pigzfx.cli;

import dev.pigzfx.platform.Os;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard input and output as bytes, for {@code -c} and for PigzFX as a filter ({@code tar -I
 * pigzfx}); the command's messages go to its {@code PrintWriter}s, never into these.
 */
record Pipes(InputStream in, OutputStream out) {

    /**
     * The process's own. Standard output is written through its channel: a FileOutputStream copies
     * each large write through memory it allocates and frees every time, which for a pipe of
     * hundreds of megabytes costs more than the inflating.
     */
    static Pipes system() {
        return new Pipes(System.in, java.nio.channels.Channels.newOutputStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out).getChannel()));
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    /**
     * Whether PigzFX, started with no arguments, is a filter (as {@code tar -I pigzfx} starts it):
     * standard input and output are each a pipe, a socket or a file, neither a terminal nor a
     * character device ({@code /dev/null}, which a desktop gives). Elsewhere than Linux and macOS,
     * never: the window opens.
     */
    static boolean startedAsFilter() {
        if (Os.current() != Os.LINUX && Os.current() != Os.MAC) {
            return false;
        }
        return isPipeOrFile(0) && isPipeOrFile(1);
    }

    private static boolean isPipeOrFile(int fd) {
        try {
            int type = (Integer) Files.getAttribute(Path.of("/dev/fd/" + fd), "unix:mode") & S_IFMT;
            return type == S_IFIFO || type == S_IFREG || type == S_IFSOCK;
        } catch (Exception e) {
            return false;
        }
    }
}
