package dev.pigzfx.engine;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * Compresses through the system's {@code pigz}: {@code pigz -<level> -p <threads> -b <KiB> -c}.
 *
 * <p>Three threads: the caller's ({@code read}) feeds the input to pigz's standard input, so the
 * bytes read, and their CRC-32, are counted here exactly; {@code pigzfx-pigz-out} copies pigz's
 * standard output into {@code out}; {@code pigzfx-pigz-err} keeps the first lines pigz prints on
 * standard error for the error message. Cancel kills the process at once. pigz reads a pipe, so
 * it stores no file name in the header; the rest of the file is pigz's own.
 */
public final class PigzEngine implements GzipEngine {

    private static final int CHUNK = 128 * 1024;
    /** The header pigz -n writes: magic, method, no flags, no time, XFL, OS. */
    private static final int BARE_HEADER = 10;
    /** How much of pigz's standard error is kept for a message. */
    private static final int STDERR_LIMIT = 4096;

    private final Path executable;

    private PigzEngine(Path executable) {
        this.executable = executable;
    }

    /** The engine over a given pigz executable. */
    public static PigzEngine at(Path executable) {
        return new PigzEngine(executable);
    }

    /** The engine over the {@code pigz} found on this process's {@code PATH}, if any. */
    public static Optional<PigzEngine> find() {
        return locate(System.getenv("PATH")).map(PigzEngine::new);
    }

    /** Finds an executable {@code pigz} in a {@code PATH}-style list of folders. */
    public static Optional<Path> locate(String searchPath) {
        if (searchPath == null || searchPath.isBlank()) {
            return Optional.empty();
        }
        boolean windows = File.separatorChar == '\\';
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : windows ? List.of("pigz.exe", "pigz") : List.of("pigz")) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** What to tell a user who asked for pigz on a machine without it. */
    public static String missingMessage() {
        return "the pigz engine needs the pigz program, which is not on the PATH: install it "
                + "(Debian/Ubuntu: apt install pigz, Fedora: dnf install pigz, macOS: brew install pigz) "
                + "or choose the zlib engine";
    }

    @Override
    public String name() {
        return "pigz";
    }

    @Override
    public CompressionResult compress(InputStream in, OutputStream out, GzipJob job, Progress progress,
                                      Cancellation cancel) throws IOException {
        cancel.throwIfCancelled();
        // -n: pigz, fed from a pipe, knows no name and would store the time it ran; its bare header is
        // replaced by the job's, with the original's name and time, as the other engines write it
        Process process = new ProcessBuilder(executable.toString(), "-" + job.level(), "-p",
                Integer.toString(job.threads()), "-b", Integer.toString(job.blockSize() / 1024), "-n", "-c")
                .start();
        AtomicLong written = new AtomicLong();
        AtomicReference<IOException> outFailure = new AtomicReference<>();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread copier = Thread.ofPlatform().name("pigzfx-pigz-out").daemon().start(() -> {
            try (InputStream fromPigz = process.getInputStream()) {
                byte[] bare = fromPigz.readNBytes(BARE_HEADER);
                if (bare.length == BARE_HEADER) {
                    if ((bare[0] & 0xff) != GzipHeader.ID1 || (bare[1] & 0xff) != GzipHeader.ID2 || bare[3] != 0) {
                        throw new IOException("pigz wrote a header PigzFX does not expect");
                    }
                    written.addAndGet(job.header().writeTo(out, job.level()));
                }
                byte[] buf = new byte[CHUNK];
                int n;
                while ((n = fromPigz.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    written.addAndGet(n);
                }
            } catch (IOException e) {
                outFailure.set(e);
                process.destroyForcibly();
            }
        });
        Thread errors = Thread.ofPlatform().name("pigzfx-pigz-err").daemon().start(() -> {
            try (InputStream err = process.getErrorStream()) {
                byte[] buf = new byte[1024];
                int n;
                while ((n = err.read(buf)) > 0) {
                    synchronized (stderr) {
                        if (stderr.size() < STDERR_LIMIT) {
                            stderr.write(buf, 0, Math.min(n, STDERR_LIMIT - stderr.size()));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process died; its exit status tells the story
            }
        });

        CRC32 crc = new CRC32();
        long read = 0;
        IOException inputFailure = null;
        IOException feedFailure = null;
        try (Cancellation.Registration hook = cancel.onCancel(process::destroyForcibly);
             OutputStream toPigz = process.getOutputStream()) {
            byte[] buf = new byte[CHUNK];
            while (!cancel.isCancelled()) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    inputFailure = e;
                    break;
                }
                if (n < 0) {
                    break;
                }
                crc.update(buf, 0, n);
                read += n;
                toPigz.write(buf, 0, n);
                progress.update(read, written.get());
            }
        } catch (IOException e) {
            // pigz died while being fed (a broken pipe): its exit status and stderr explain why
            feedFailure = e;
        }
        if (inputFailure != null || cancel.isCancelled()) {
            process.destroyForcibly();
        }
        int status = waitFor(process, copier, errors);
        if (cancel.isCancelled()) {
            throw new CancellationException("cancelled");
        }
        if (inputFailure != null) {
            throw inputFailure;
        }
        if (outFailure.get() != null) {
            throw outFailure.get();
        }
        if (status != 0 || feedFailure != null) {
            String said;
            synchronized (stderr) {
                said = stderr.toString(StandardCharsets.UTF_8).strip();
            }
            throw new IOException("pigz failed (exit status " + status + ")" + (said.isEmpty() ? "" : ": " + said),
                    feedFailure);
        }
        progress.update(read, written.get());
        return new CompressionResult(read, written.get(), (int) crc.getValue());
    }

    private static int waitFor(Process process, Thread... threads) throws IOException {
        boolean interrupted = false;
        int status;
        while (true) {
            try {
                status = process.waitFor();
                for (Thread t : threads) {
                    t.join();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                process.destroyForcibly();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
        return status;
    }
}
