package dev.pigzfx.batch;

import java.util.List;
import java.util.Locale;

/**
 * How a batch spreads the cores over its files: a value, made by {@link AdaptiveScheduler}, that
 * the runner follows, the command line prints and the window shows.
 *
 * @param strategy       which rule made it
 * @param threads        the thread budget: never more compress threads than this at once
 * @param thresholdBytes the size that separates "large" from "small" files
 * @param files          how many files
 * @param totalBytes     their total size
 * @param mode           the overall shape
 * @param filesAtOnce    files compressed at the same time in the concurrent part (1 when none)
 * @param threadsPerFile threads each of those files gets
 * @param stages         what runs, in order; a stage starts when the one before it is done
 * @param reason         why, in words
 */
public record Plan(Strategy strategy, int threads, long thresholdBytes, int files, long totalBytes, Mode mode,
                   int filesAtOnce, int threadsPerFile, List<Stage> stages, String reason) {

    /** The rule that made a plan. */
    public enum Strategy {
        /** Large files one at a time with every thread, small ones many at once; the threshold is learned. */
        ADAPTIVE,
        /** PigzFX's original rule: by the average size alone. */
        CLASSIC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Strategy parse(String id) {
            for (Strategy s : values()) {
                if (s.id().equalsIgnoreCase(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown strategy '" + id + "': choose adaptive or classic");
        }
    }

    /** The overall shape of a plan. */
    public enum Mode {
        /** Nothing to compress. */
        NONE,
        /** One file, every thread. */
        SINGLE,
        /** One file at a time, every thread. */
        SEQUENTIAL,
        /** Several files at once, the threads divided among them. */
        CONCURRENT,
        /** The large files one at a time with every thread, then the small ones several at once. */
        MIXED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Files that run the same way.
     *
     * @param inputs         the files, in the order they start
     * @param filesAtOnce    how many run at the same time
     * @param threadsPerFile threads each gets
     */
    public record Stage(List<Discovery.Input> inputs, int filesAtOnce, int threadsPerFile) {

        public long bytes() {
            return inputs.stream().mapToLong(Discovery.Input::size).sum();
        }
    }

    public Plan {
        stages = List.copyOf(stages);
        for (Stage s : stages) {
            if (s.filesAtOnce() * s.threadsPerFile() > threads) {
                throw new IllegalArgumentException("a stage would use " + s.filesAtOnce() * s.threadsPerFile()
                        + " threads of a budget of " + threads);
            }
        }
    }

    /** Every file in the order the runner starts them. */
    public List<Discovery.Input> order() {
        return stages.stream().flatMap(s -> s.inputs().stream()).toList();
    }
}
