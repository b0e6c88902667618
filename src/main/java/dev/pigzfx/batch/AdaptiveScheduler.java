package dev.pigzfx.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides how a batch spreads its threads over its files.
 *
 * <h2>The classic rule</h2>
 * PigzFX's original specification, kept exactly: one file gets every thread; several files run one
 * at a time with every thread when their average size exceeds the threshold, and otherwise several
 * at once, at most {@code threads} of them, each with {@code max(1, threads / files at once)}
 * threads.
 *
 * <h2>The adaptive strategy</h2>
 * Judging by the average fails mixed batches: one 2 GB file among 500 small ones averages a few
 * megabytes, so the classic rule runs the big file on one thread while the others finish, and the
 * batch ends waiting for it. The adaptive strategy splits the batch at the threshold: files above
 * it run first, one at a time with every thread (each is large enough to keep them all busy), then
 * the rest run several at once with the threads divided, largest first so that no long file starts
 * last. The threshold is the {@link ThroughputModel}'s, learned from earlier runs, unless the user
 * gives one.
 */
public final class AdaptiveScheduler {

    /** The classic rule's threshold, and the adaptive strategy's before it has learned one: 100 MiB. */
    public static final long DEFAULT_THRESHOLD = 100L * 1024 * 1024;

    private AdaptiveScheduler() {
    }

    public static Plan plan(Plan.Strategy strategy, List<Discovery.Input> inputs, int threads, long threshold) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        return strategy == Plan.Strategy.CLASSIC
                ? classic(inputs, threads, threshold) : adaptive(inputs, threads, threshold);
    }

    static Plan classic(List<Discovery.Input> inputs, int threads, long threshold) {
        int n = inputs.size();
        long total = inputs.stream().mapToLong(Discovery.Input::size).sum();
        if (n == 0) {
            return none(Plan.Strategy.CLASSIC, threads, threshold);
        }
        if (n == 1) {
            return new Plan(Plan.Strategy.CLASSIC, threads, threshold, 1, total, Plan.Mode.SINGLE, 1, threads,
                    List.of(new Plan.Stage(inputs, 1, threads)), "one file: " + threads(threads));
        }
        long average = total / n;
        if (average > threshold) {
            return new Plan(Plan.Strategy.CLASSIC, threads, threshold, n, total, Plan.Mode.SEQUENTIAL, 1, threads,
                    List.of(new Plan.Stage(inputs, 1, threads)),
                    "average " + size(average) + " > " + size(threshold) + " threshold: one file at a time x "
                            + threads(threads));
        }
        int atOnce = Math.min(threads, n);
        int perFile = Math.max(1, threads / atOnce);
        return new Plan(Plan.Strategy.CLASSIC, threads, threshold, n, total, Plan.Mode.CONCURRENT, atOnce, perFile,
                List.of(new Plan.Stage(inputs, atOnce, perFile)),
                "average " + size(average) + " <= " + size(threshold) + " threshold: " + atOnce(atOnce) + " x "
                        + threads(perFile));
    }

    static Plan adaptive(List<Discovery.Input> inputs, int threads, long threshold) {
        int n = inputs.size();
        long total = inputs.stream().mapToLong(Discovery.Input::size).sum();
        if (n == 0) {
            return none(Plan.Strategy.ADAPTIVE, threads, threshold);
        }
        List<Discovery.Input> large = new ArrayList<>();
        List<Discovery.Input> small = new ArrayList<>();
        for (Discovery.Input in : inputs) {
            (in.size() > threshold ? large : small).add(in);
        }
        small.sort(Comparator.comparingLong(Discovery.Input::size).reversed());
        if (n == 1) {
            return new Plan(Plan.Strategy.ADAPTIVE, threads, threshold, 1, total, Plan.Mode.SINGLE, 1, threads,
                    List.of(new Plan.Stage(inputs, 1, threads)), "one file: " + threads(threads));
        }
        if (small.isEmpty()) {
            return new Plan(Plan.Strategy.ADAPTIVE, threads, threshold, n, total, Plan.Mode.SEQUENTIAL, 1, threads,
                    List.of(new Plan.Stage(large, 1, threads)),
                    "all " + n + " files > " + size(threshold) + " threshold: one file at a time x " + threads(threads));
        }
        int atOnce = Math.min(threads, small.size());
        int perFile = Math.max(1, threads / atOnce);
        Plan.Stage smallStage = new Plan.Stage(small, atOnce, perFile);
        if (large.isEmpty()) {
            return new Plan(Plan.Strategy.ADAPTIVE, threads, threshold, n, total, Plan.Mode.CONCURRENT, atOnce,
                    perFile, List.of(smallStage),
                    "all " + n + " files <= " + size(threshold) + " threshold: " + atOnce(atOnce) + " x "
                            + threads(perFile));
        }
        return new Plan(Plan.Strategy.ADAPTIVE, threads, threshold, n, total, Plan.Mode.MIXED, atOnce, perFile,
                List.of(new Plan.Stage(large, 1, threads), smallStage),
                count(large.size()) + " > " + size(threshold) + " threshold one at a time x " + threads(threads)
                        + ", then " + count(small.size()) + " " + atOnce(atOnce) + " x " + threads(perFile));
    }

    private static Plan none(Plan.Strategy strategy, int threads, long threshold) {
        return new Plan(strategy, threads, threshold, 0, 0, Plan.Mode.NONE, 1, threads, List.of(),
                "nothing to compress");
    }

    private static String threads(int n) {
        return n + (n == 1 ? " thread" : " threads");
    }

    private static String count(int files) {
        return files + (files == 1 ? " file" : " files");
    }

    private static String atOnce(int n) {
        return n == 1 ? "one file at a time" : n + " files at a time";
    }

    private static String size(long bytes) {
        return Sizes.format(bytes);
    }
}
