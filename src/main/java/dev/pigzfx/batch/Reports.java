package dev.pigzfx.batch;


import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plans and results, as words and as JSON in the shape of PigzFX's original service API (with more fields). */
public final class Reports {

    private Reports() {
    }

    /** {@code {"plan": {...}}}. */
    public static String json(Plan plan) {
        return plan(new Json().beginObject(), plan).endObject().toString();
    }

    /**
     * {@code {"files": [...], "plan": {...}}}; without a plan (nothing was run), just the files. Each
     * file's {@code file_path} is the {@code .gz} it has, null when none was written, and its
     * {@code source_path} the file it came from.
     */
    public static String json(Plan plan, List<FileResult> results) {
        Json json = new Json().beginObject().beginArray("files");
        for (FileResult r : results) {
            file(json.beginObject(), r).endObject();
        }
        json.endArray();
        return (plan == null ? json : plan(json, plan)).endObject().toString();
    }

    /**
     * The results of several batches, as the window exports them: {@code {"files": [...],
     * "batches": [{"plan": {...}}, ...]}}, each file with the number of the batch it ran in (from 1),
     * or none for a file that was only tested.
     *
     * @param plans the plan each result ran under, or null, in the order of {@code results}
     */
    public static String json(List<FileResult> results, List<Plan> plans) {
        List<Plan> batches = new ArrayList<>();
        int[] batch = batchNumbers(plans, batches);
        Json json = new Json().beginObject().beginArray("files");
        for (int i = 0; i < results.size(); i++) {
            file(json.beginObject(), results.get(i));
            if (batch[i] > 0) {
                json.field("batch", batch[i]);
            }
            json.endObject();
        }
        json.endArray().beginArray("batches");
        for (Plan plan : batches) {
            plan(json.beginObject(), plan).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /**
     * Numbers each plan from 1 in the order it first appears (0 for none), and adds each one once
     * to {@code distinct}.
     */
    private static int[] batchNumbers(List<Plan> plans, List<Plan> distinct) {
        Map<Plan, Integer> numbers = new IdentityHashMap<>();
        int[] batch = new int[plans.size()];
        for (int i = 0; i < batch.length; i++) {
            Plan plan = plans.get(i);
            if (plan != null) {
                batch[i] = numbers.computeIfAbsent(plan, p -> {
                    distinct.add(p);
                    return distinct.size();
                });
            }
        }
        return batch;
    }

    private static Json file(Json json, FileResult r) {
        json.fieldOrNull("file_path", r.output() == null ? null : r.output().toString())
                .field("original_size", r.originalSize())
                .field("compressed_size", r.compressedSize())
                .field("status", r.status().word())
                .field("source_path", r.source().toString())
                .field("original_kept", r.originalKept());
        if (r.status() == FileStatus.SUCCESS) {
            json.field("crc32", String.format("%08x", r.crc32()));
        }
        if (!r.detail().isEmpty()) {
            json.field("detail", r.detail());
        }
        return json.field("seconds", r.nanos() / 1e9);
    }

    /**
     * The results as CSV (RFC 4180), a header line then one line per file, with the same fields as
     * the JSON report (an empty {@code file_path} when no {@code .gz} was written, an empty
     * {@code batch} for a file only tested): for a spreadsheet.
     *
     * @param plans the plan each result ran under, or null, in the order of {@code results}
     */
    public static String csv(List<FileResult> results, List<Plan> plans) {
        StringBuilder sb = new StringBuilder("file_path,source_path,status,original_size,compressed_size,ratio,crc32,"
                + "original_kept,seconds,detail,batch\r\n");
        int[] batch = batchNumbers(plans, new ArrayList<>());
        for (int i = 0; i < results.size(); i++) {
            FileResult r = results.get(i);
            boolean ok = r.status() == FileStatus.SUCCESS;
            sb.append(r.output() == null ? "" : csvField(r.output().toString())).append(',')
                    .append(csvField(r.source().toString())).append(',')
                    .append(r.status().word()).append(',')
                    .append(r.originalSize()).append(',')
                    .append(r.compressedSize()).append(',')
                    .append(ok ? String.format(Locale.ROOT, "%.4f", r.ratio()) : "").append(',')
                    .append(ok ? String.format("%08x", r.crc32()) : "").append(',')
                    .append(r.originalKept()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.nanos() / 1e9)).append(',')
                    .append(csvField(r.detail())).append(',')
                    .append(batch[i] == 0 ? "" : Integer.toString(batch[i]))
                    .append("\r\n");
        }
        return sb.toString();
    }

    private static String csvField(String value) {
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
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
    public static String describe(Plan plan) {
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

    /** One line at the end of a compress batch: what was done, how fast, and what was not. */
    public static String summary(BatchResult result, List<FileResult> setAside) {
        return summary(Mode.COMPRESS, result, setAside);
    }

    /**
     * One line at the end of a batch: what was done, how fast (in bytes of data, which a compress
     * batch reads and a decompress batch writes), and what was not.
     */
    public static String summary(Mode mode, BatchResult result, List<FileResult> setAside) {
        double seconds = result.nanos() / 1e9;
        long data = result.bytesIn();
        long gz = result.bytesOut();
        long done = result.count(FileStatus.SUCCESS);
        boolean compress = mode == Mode.COMPRESS;
        StringBuilder sb = new StringBuilder().append(done).append(done == 1 ? " file" : " files")
                .append(switch (mode) {
                    case COMPRESS -> " compressed: ";
                    case DECOMPRESS -> " decompressed: ";
                    case TEST -> " tested: ";
                })
                .append(Sizes.format(compress ? data : gz)).append(" -> ").append(Sizes.format(compress ? gz : data))
                .append(" (").append(Sizes.decimals(data == 0 ? 0.0 : 100.0 * gz / data, 1)).append("%) in ")
                .append(Sizes.decimals(seconds, 1)).append(" s, ")
                .append(Sizes.format((long) (data / Math.max(seconds, 1e-3)))).append("/s");
        long skipped = result.count(FileStatus.SKIPPED)
                + setAside.stream().filter(r -> r.status() == FileStatus.SKIPPED).count();
        long failed = result.count(FileStatus.FAILED)
                + setAside.stream().filter(r -> r.status() == FileStatus.FAILED).count();
        long cancelled = result.count(FileStatus.CANCELLED);
        if (skipped + failed + cancelled > 0) {
            sb.append("; ").append(skipped).append(" skipped, ").append(failed).append(" failed, ")
                    .append(cancelled).append(" cancelled");
        }
        return sb.toString();
    }
}
