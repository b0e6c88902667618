package dev.pigzfx.testing;

import dev.pigzfx.engine.LibdeflateEngine;
import dev.pigzfx.engine.PigzEngine;
import dev.pigzfx.platform.Os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real {@code gzip} and {@code pigz}, the references PigzFX's output must satisfy. */
public final class Tools {

    /** What a program printed and how it exited. */
    public record Run(int status, byte[] stdout, String stderr) {
    }

    /** Whether this system's files have POSIX modes (not on Windows): tests of modes check them only then. */
    public static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix");

    private Tools() {
    }

    /**
     * The real pigz, for a test that needs it: on Linux it must be installed (the CI installs it:
     * apt-get install pigz); elsewhere (Windows has no package of it) the test is skipped, saying so.
     */
    public static void needPigz() {
        need("pigz", PigzEngine.find().isPresent(), "Debian: apt-get install pigz; macOS: brew install pigz");
    }

    /** libdeflate, for a test of its engine: required on Linux (apt-get install libdeflate0), else skipped if absent. */
    public static void needLibdeflate() {
        need("libdeflate", LibdeflateEngine.find().isPresent(),
                "Debian: apt-get install libdeflate0; macOS: brew install libdeflate");
    }

    /** {@code pigz -t} accepts {@code gz}; where pigz cannot be had (off Linux), gzip's word stands alone. */
    public static void assertPigzAccepts(byte[] gz) {
        if (Os.current() == Os.LINUX || PigzEngine.find().isPresent()) {
            needPigz();
            assertThat(test("pigz", gz).status()).as("pigz -t").isZero();
        }
    }

    /** bgzip (htslib), which writes BGZF: required on Linux (Debian: apt-get install tabix), else skipped if absent. */
    public static void needBgzip() {
        need("bgzip", onPath("bgzip"), "Debian: apt-get install tabix; macOS: brew install htslib");
    }

    /** A program on the PATH that a test compares with: required on Linux (the CI installs it), else skipped if absent. */
    public static void needProgram(String program, String install) {
        need(program, onPath(program), install);
    }

    private static boolean onPath(String program) {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    private static void need(String tool, boolean present, String install) {
        if (Os.current() == Os.LINUX) {
            assertThat(present).as(tool + " is installed (" + install + ")").isTrue();
        } else {
            assumeTrue(present, tool + " is not installed on this system, so this test is skipped (" + install + ")");
        }
    }

    /**
     * A symbolic link, for a test about links: where the system will not make one (Windows without
     * the right to), the test is skipped, saying so.
     */
    public static Path symlink(Path link, Path target) throws IOException {
        try {
            return Files.createSymbolicLink(link, target);
        } catch (FileSystemException e) {
            if (Os.current() == Os.WINDOWS) {
                abort("symbolic links cannot be made here: " + e.getMessage());
            }
            throw e;
        }
    }

    public static Run run(List<String> command, byte[] stdin) {
        try {
            Process p = new ProcessBuilder(command).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = Thread.ofPlatform().start(() -> copy(p.getInputStream(), out));
            Thread e = Thread.ofPlatform().start(() -> copy(p.getErrorStream(), err));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException broken) {
                // the program stopped reading: its status says why
            }
            int status = p.waitFor();
            o.join();
            e.join();
            return new Run(status, out.toByteArray(), err.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code gzip -dc}: what the reference gzip decompresses {@code gz} to; fails if gzip complains. */
    public static byte[] gunzip(byte[] gz) {
        Run r = run(List.of("gzip", "-dc"), gz);
        if (r.status() != 0) {
            throw new AssertionError("gzip -dc failed (" + r.status() + "): " + r.stderr());
        }
        return r.stdout();
    }

    /** The exit status of {@code PROGRAM -t} on {@code gz}. */
    public static Run test(String program, byte[] gz) {
        return run(List.of(program, "-t"), gz);
    }
}
