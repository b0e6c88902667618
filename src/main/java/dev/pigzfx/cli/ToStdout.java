package dev.pigzfx.cli;

import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Printable;
import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipHeader;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * {@code -c}: files (or standard input, named {@code -}) compressed or decompressed to standard
 * output, one after the other, each in order and in bounded memory, as gzip and pigz write them.
 * The files are only read. A file that fails is named on standard error and the next one goes on;
 * what a damaged {@code .gz} gave before its damage has been written by then, as with gzip.
 */
final class ToStdout {

    /** Standard output's buffer: large writes, few system calls. */
    private static final int BUFFER = 1 << 20;

    private final Pipes pipes;
    private final PrintWriter err;

    ToStdout(Pipes pipes, PrintWriter err) {
        this.pipes = pipes;
        this.err = err;
    }

    int compress(List<Path> paths, GzipEngine engine, CompressOptions options) {
        return each(paths, (path, in, out) -> {
            GzipHeader header = GzipHeader.NONE;
            if (path != null) {
                BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
                header = new GzipHeader(path.getFileName().toString(), attrs.lastModifiedTime().toMillis() / 1000);
            }
            engine.compress(in, out, new GzipJob(options.level(), options.threads(), options.blockSize(), header),
                    Progress.NONE, Cancellation.none());
        });
    }

    int decompress(List<Path> paths, int threads) {
        return each(paths, (path, in, out) -> {
            if (path == null) {
                IntegrityTest.decompress(in, Progress.NONE, Cancellation.none(), out);
            } else {
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                    IntegrityTest.decompress(channel, threads, Progress.NONE, Cancellation.none(), out);
                }
            }
        });
    }

    /** One file's work: {@code path} is null for standard input. */
    private interface Work {
        void run(Path path, InputStream in, OutputStream out) throws IOException;
    }

    private int each(List<Path> paths, Work work) {
        boolean failed = false;
        OutputStream out = new BufferedOutputStream(new NotClosed(pipes.out()), BUFFER);
        for (Path given : paths) {
            boolean stdin = given.toString().equals("-");
            String shown = stdin ? "standard input" : Printable.of(given.toString());
            try {
                if (stdin) {
                    work.run(null, pipes.in(), out);
                } else {
                    if (Files.isDirectory(given, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("is a folder (-c takes files)");
                    }
                    try (InputStream in = Files.newInputStream(given)) {
                        work.run(given, in, out);
                    }
                }
                out.flush();
            } catch (NoSuchFileException e) {
                failed = true;
                err.println("pigzfx: " + shown + ": no such file");
            } catch (IOException e) {
                failed = true;
                if (isBrokenPipe(e)) {
                    return Cli.FAILED; // the reader went away (| head): nothing more to say, as gzip
                }
                err.println("pigzfx: " + shown + ": " + Printable.of(String.valueOf(e.getMessage())));
            }
            err.flush();
        }
        return failed ? Cli.FAILED : Cli.OK;
    }

    private static boolean isBrokenPipe(IOException e) {
        return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("broken pipe");
    }

    /** Standard output stays open for the next file and for the process. */
    private static final class NotClosed extends java.io.FilterOutputStream {
        NotClosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
