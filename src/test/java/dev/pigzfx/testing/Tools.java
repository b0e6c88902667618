package dev.pigzfx.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Runs the real {@code gzip} and {@code pigz}, the references PigzFX's output must satisfy. */
public final class Tools {

    /** What a program printed and how it exited. */
    public record Run(int status, byte[] stdout, String stderr) {
    }

    private Tools() {
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
