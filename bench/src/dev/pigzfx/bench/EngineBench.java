package dev.pigzfx.bench;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.CompressionResult;
import dev.pigzfx.engine.GzipHeader;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.LibdeflateEngine;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.engine.ZlibEngine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side by side on one file, in one run: PigzFX's libdeflate and zlib engines, {@code pigz -p <cores>} and {@code gzip},
 * at each level, best of N runs, each writing its output to a file in the same folder. Prints
 * throughput, output size and both as ratios to pigz. Not a test: numbers depend on the machine.
 *
 * <p>Usage: {@code EngineBench FILE [--levels 1,6,9] [--repeats 3] [--threads N]}
 */
public final class EngineBench {

    private record Sample(double seconds, long size) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: EngineBench FILE [--levels 1,6,9] [--repeats 3] [--threads N]");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        List<Integer> levels = List.of(1, 6, 9);
        int repeats = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--levels" -> levels = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long size = Files.size(file);
        Path out = file.resolveSibling(file.getFileName() + ".bench.gz");
        System.out.printf(Locale.ROOT, "file: %s, %.1f MB; %d cores, %d threads; best of %d%n%n", file.getFileName(),
                size / 1e6, Runtime.getRuntime().availableProcessors(), threads, repeats);
        System.out.println("| level | tool | MB/s | × pigz speed | size (MB) | size vs pigz |");
        System.out.println("|---|---|---|---|---|---|");
        for (int level : levels) {
            Map<String, Sample> best = new LinkedHashMap<>();
            List<String> tools = new ArrayList<>(List.of("pigzfx zlib", "pigz -p " + threads, "gzip"));
            if (LibdeflateEngine.find().isPresent()) {
                tools.addFirst("pigzfx libdeflate");
            }
            for (int r = 0; r < repeats; r++) {
                for (String tool : tools) {
                    Sample s = run(tool, file, out, level, threads);
                    best.merge(tool, s, (a, b) -> a.seconds() <= b.seconds() ? a : b);
                }
                java.util.Collections.rotate(tools, 1);
            }
            Sample pigz = best.get("pigz -p " + threads);
            for (var e : best.entrySet()) {
                Sample s = e.getValue();
                System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.2f | %.2f | %+.2f%% |%n", level, e.getKey(),
                        size / 1e6 / s.seconds(), pigz.seconds() / s.seconds(), s.size() / 1e6,
                        100.0 * (s.size() - pigz.size()) / pigz.size());
            }
        }
        Files.deleteIfExists(out);
    }

    private static Sample run(String tool, Path file, Path out, int level, int threads) throws Exception {
        long start = System.nanoTime();
        if (tool.startsWith("pigzfx")) {
            try (InputStream in = Files.newInputStream(file);
                 OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
                GzipEngine engine = tool.endsWith("libdeflate")
                        ? LibdeflateEngine.find().orElseThrow() : new ZlibEngine();
                CompressionResult r = engine.compress(in, o, new GzipJob(level, threads,
                        GzipJob.DEFAULT_BLOCK_SIZE, new GzipHeader(file.getFileName().toString(), 0)),
                        Progress.NONE, Cancellation.none());
                if (r.bytesRead() != Files.size(file)) {
                    throw new IOException("short read");
                }
            }
        } else {
            List<String> cmd = tool.startsWith("pigz")
                    ? List.of("pigz", "-" + level, "-p", Integer.toString(threads), "-c", file.toString())
                    : List.of("gzip", "-" + level, "-c", file.toString());
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException(tool + " failed");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Sample(seconds, Files.size(out));
    }
}
