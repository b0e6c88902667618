package dev.pigzfx.cli;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Sizes;

import java.util.List;
import java.util.Locale;

/** Plans and results, as words and as JSON in the shape of PigzFX's original service API (with more fields). */
final class Reports {

    private Reports() {
    }

    /** {@code {"plan": {...}}}. */
    static String json(Plan plan) {
        return plan(new Json().beginObject(), plan).endObject().toString();
    }

    /** {@code {"files": [...], "plan": {...}}}. */
    static String json(Plan plan, List<FileResult> results) {
        Json json = new Json().beginObject().beginArray("files");
        for (FileResult r : results) {
            boolean ok = r.status() == FileStatus.SUCCESS;
            json.beginObject()
                    .field("file_path", (ok ? r.output() : r.source()).toString())
                    .field("original_size", r.originalSize())
                    .field("compressed_size", r.compressedSize())
                    .field("status", r.status().word())
                    .field("source_path", r.source().toString())
                    .field("original_kept", r.originalKept());
            if (ok) {
                json.field("crc32", String.format("%08x", r.crc32()));
            }
            if (!r.detail().isEmpty()) {
                json.field("detail", r.detail());
            }
            json.field("seconds", r.nanos() / 1e9).endObject();
        }
        json.endArray();
        return plan(json, plan).endObject().toString();
    }

    private static Json plan(Json json, Plan plan) {
        json.beginObject("plan")
                .field("strategy", plan.strategy().id())
                .field("threads", plan.threads())
                .field("threshold_bytes", plan.thresholdBytes())
                .field("files", plan.files())
                .field("total_bytes", plan.totalBytes())
                .field("mode", plan.mode().id())
                .field("files_at_once", plan.filesAtOnce())
                .field("threads_per_file", plan.threadsPerFile())
                .field("reason", plan.reason());
        if (plan.mode() == Plan.Mode.MIXED) {
            group(json, "large", plan.stages().get(0));
            group(json, "small", plan.stages().get(1));
        }
        return json.endObject();
    }

    private static void group(Json json, String name, Plan.Stage stage) {
        json.beginObject(name)
                .field("files", stage.inputs().size())
                .field("total_bytes", stage.bytes())
                .field("files_at_once", stage.filesAtOnce())
                .field("threads_per_file", stage.threadsPerFile())
                .endObject();
    }

    /** The plan in a few lines of words. */
    static String describe(Plan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Plan (%s): %d file%s, %s, %d thread%s%n", plan.strategy().id(),
                plan.files(), plan.files() == 1 ? "" : "s", Sizes.format(plan.totalBytes()), plan.threads(),
                plan.threads() == 1 ? "" : "s"));
        sb.append("  ").append(plan.mode().id()).append(": ").append(plan.reason());
        for (Plan.Stage stage : plan.stages()) {
            sb.append(String.format(Locale.ROOT, "%n  then %d file%s (%s), %d at a time x %d thread%s",
                    stage.inputs().size(), stage.inputs().size() == 1 ? "" : "s", Sizes.format(stage.bytes()),
                    stage.filesAtOnce(), stage.threadsPerFile(), stage.threadsPerFile() == 1 ? "" : "s"));
        }
        return sb.toString().replaceFirst("\n  then ", "\n  first ");
    }

    /** One line at the end of a batch: what was done, how fast, and what was not. */
    static String summary(BatchResult result, List<FileResult> setAside) {
        double seconds = result.nanos() / 1e9;
        long in = result.bytesIn();
        long out = result.bytesOut();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d file%s compressed: %s -> %s (%.1f%%) in %.1f s, %s/s", result.count(FileStatus.SUCCESS),
                result.count(FileStatus.SUCCESS) == 1 ? "" : "s", Sizes.format(in), Sizes.format(out),
                in == 0 ? 0.0 : 100.0 * out / in, seconds, Sizes.format((long) (in / Math.max(seconds, 1e-3)))));
        long skipped = result.count(FileStatus.SKIPPED)
                + setAside.stream().filter(r -> r.status() == FileStatus.SKIPPED).count();
        long failed = result.count(FileStatus.FAILED)
                + setAside.stream().filter(r -> r.status() == FileStatus.FAILED).count();
        long cancelled = result.count(FileStatus.CANCELLED);
        if (skipped + failed + cancelled > 0) {
            sb.append(String.format(Locale.ROOT, "; %d skipped, %d failed, %d cancelled", skipped, failed,
                    cancelled));
        }
        return sb.toString();
    }
}
