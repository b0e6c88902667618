package dev.pigzfx.batch;

import dev.pigzfx.platform.Os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What PigzFX has measured of this machine, and the threshold the adaptive strategy draws from it.
 *
 * <h2>The model</h2>
 * A file of S bytes compressed with T threads takes about {@code o + S / (T s)}: a fixed overhead
 * {@code o} per file (opening, creating the temporary file, fsync, rename, the test's start) and
 * {@code s} bytes per second per thread. Files run several at once hide each other's overhead, which
 * is mostly waiting; a file run alone with every thread pays its overhead in full, so it should be
 * run alone only when that overhead is small beside its compression time, {@code o <= S / (T s) / 19}
 * (5% at most), and when it is long enough to give every thread two blocks. Hence
 *
 * <pre>  threshold = max(19 o T s, 2 T blockSize)</pre>
 *
 * <p>{@code s} and {@code o} start from conservative guesses and are learned after each batch: {@code s}
 * from files of 4 MiB and more (bytes over thread-seconds), {@code o} from the median time of files
 * under 64 KiB, each blended into what was known (weight 0.3 for the new run). They are kept per
 * engine in the user's settings file, {@code throughput.properties}.
 *
 * @param bytesPerThreadSecond {@code s}
 * @param overheadSeconds      {@code o}
 * @param runs                 how many batches taught it
 */
public record ThroughputModel(double bytesPerThreadSecond, double overheadSeconds, int runs) {

    /** Before any run: a modest speed and a slow disk's fsync. */
    public static final ThroughputModel GUESS = new ThroughputModel(40e6, 0.010, 0);
    private static final double WEIGHT = 0.3;
    private static final long LARGE = 4L * 1024 * 1024;
    private static final long SMALL = 64L * 1024;

    /** The adaptive threshold for {@code threads} threads and blocks of {@code blockSize} bytes. */
    public long threshold(int threads, int blockSize) {
        double byOverhead = 19 * overheadSeconds * threads * bytesPerThreadSecond;
        return Math.max((long) byOverhead, 2L * threads * blockSize);
    }

    /** One file's measurement: its size, its time and the threads it had. */
    public record Sample(long bytes, long nanos, int threads) {
    }

    /** The model after learning from one batch; this one if the batch taught nothing. */
    public ThroughputModel learn(List<Sample> samples) {
        double bytes = 0;
        double threadSeconds = 0;
        List<Double> smallTimes = new ArrayList<>();
        for (Sample x : samples) {
            if (x.bytes() >= LARGE) {
                bytes += x.bytes();
                threadSeconds += x.nanos() / 1e9 * x.threads();
            } else if (x.bytes() < SMALL) {
                smallTimes.add(x.nanos() / 1e9);
            }
        }
        double s = bytesPerThreadSecond;
        double o = overheadSeconds;
        boolean learned = false;
        if (threadSeconds > 0.05) {
            s = blend(s, bytes / threadSeconds);
            learned = true;
        }
        if (smallTimes.size() >= 5) {
            smallTimes.sort(Double::compare);
            o = blend(o, smallTimes.get(smallTimes.size() / 2));
            learned = true;
        }
        return learned ? new ThroughputModel(s, o, runs + 1) : this;
    }

    private double blend(double known, double measured) {
        return runs == 0 ? measured : (1 - WEIGHT) * known + WEIGHT * measured;
    }

    /** Where the models are kept: one file of settings, read and written whole. */
    public interface Store {
        ThroughputModel load(String engine);

        void save(String engine, ThroughputModel model);

        /** A store that forgets: for tests and for runs that must not learn. */
        static Store inMemory() {
            Properties p = new Properties();
            return new Store() {
                @Override
                public ThroughputModel load(String engine) {
                    return read(p, engine);
                }

                @Override
                public void save(String engine, ThroughputModel model) {
                    write(p, engine, model);
                }
            };
        }

        /** The file in the user's settings folder; a folder that cannot be written just means no learning. */
        static Store file(Path file) {
            return new Store() {
                @Override
                public ThroughputModel load(String engine) {
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        p.load(in);
                    } catch (IOException missingOrUnreadable) {
                        return GUESS;
                    }
                    return read(p, engine);
                }

                @Override
                public void save(String engine, ThroughputModel model) {
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        p.load(in);
                    } catch (IOException missing) {
                        // a first run: start a new file
                    }
                    write(p, engine, model);
                    try {
                        Files.createDirectories(file.getParent());
                        Path temp = Files.createTempFile(file.getParent(), ".throughput", ".tmp");
                        Files.writeString(temp, text(p), StandardCharsets.ISO_8859_1);
                        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException | UnsupportedOperationException ignored) {
                        // settings are a convenience: without them the next run starts from the guess
                    }
                }
            };
        }

        /**
         * The user's settings file: XDG on Linux, Application Support on macOS, APPDATA on Windows;
         * the system property {@code pigzfx.settings.dir} names another folder (tests use it).
         */
        static Store user() {
            String override = System.getProperty("pigzfx.settings.dir");
            if (override != null && !override.isBlank()) {
                return file(Path.of(override, "throughput.properties"));
            }
            String home = System.getProperty("user.home");
            Path folder;
            if (Os.current() == Os.WINDOWS && System.getenv("APPDATA") != null) {
                folder = Path.of(System.getenv("APPDATA"), "PigzFX");
            } else if (Os.current() == Os.MAC) {
                folder = Path.of(home, "Library", "Application Support", "PigzFX");
            } else if (System.getenv("XDG_CONFIG_HOME") != null && !System.getenv("XDG_CONFIG_HOME").isBlank()) {
                folder = Path.of(System.getenv("XDG_CONFIG_HOME"), "pigzfx");
            } else {
                folder = Path.of(home, ".config", "pigzfx");
            }
            return file(folder.resolve("throughput.properties"));
        }
    }

    /**
     * The file's text as {@link Properties#load} reads it. Not {@link Properties#store}: the date
     * line it writes first sets up the time zones, tens of milliseconds of a short run. Our keys
     * and values are names and numbers; anything else found in the file is left out.
     */
    private static String text(Properties p) {
        StringBuilder text = new StringBuilder("# PigzFX: measured throughput, used by the adaptive scheduler\n");
        new TreeMap<>(p).forEach((key, value) -> {
            if (key.toString().matches("[\\w.-]+") && value.toString().matches("[\\w.+-]+")) {
                text.append(key).append('=').append(value).append('\n');
            }
        });
        return text.toString();
    }

    private static ThroughputModel read(Properties p, String engine) {
        try {
            double s = Double.parseDouble(p.getProperty(engine + ".bytesPerThreadSecond", ""));
            double o = Double.parseDouble(p.getProperty(engine + ".overheadSeconds", ""));
            int runs = Integer.parseInt(p.getProperty(engine + ".runs", "0"));
            if (s > 0 && o >= 0 && Double.isFinite(s) && Double.isFinite(o)) {
                return new ThroughputModel(s, o, runs);
            }
        } catch (NumberFormatException ignored) {
            // missing or damaged: start from the guess
        }
        return GUESS;
    }

    private static void write(Properties p, String engine, ThroughputModel m) {
        p.setProperty(engine + ".bytesPerThreadSecond", Double.toString(m.bytesPerThreadSecond()));
        p.setProperty(engine + ".overheadSeconds", Double.toString(m.overheadSeconds()));
        p.setProperty(engine + ".runs", Integer.toString(m.runs()));
    }
}
