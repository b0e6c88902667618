package dev.pigzfx.batch;

import java.util.List;

/**
 * How a batch ended.
 *
 * @param plan    the plan it followed
 * @param results one per file, in the plan's order
 * @param nanos   how long it took
 */
public record BatchResult(Plan plan, List<FileResult> results, long nanos) {

    /** What the batch measured, for the {@link ThroughputModel}: each compressed file with its threads. */
    public List<ThroughputModel.Sample> samples() {
        List<ThroughputModel.Sample> samples = new java.util.ArrayList<>();
        int i = 0;
        for (Plan.Stage stage : plan.stages()) {
            for (int k = 0; k < stage.inputs().size(); k++, i++) {
                FileResult r = results.get(i);
                if (r.status() == FileStatus.SUCCESS) {
                    samples.add(new ThroughputModel.Sample(r.originalSize(), r.nanos(), stage.threadsPerFile()));
                }
            }
        }
        return samples;
    }

    public long count(FileStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public long bytesIn() {
        return results.stream().filter(r -> r.status() == FileStatus.SUCCESS).mapToLong(FileResult::originalSize).sum();
    }

    public long bytesOut() {
        return results.stream().filter(r -> r.status() == FileStatus.SUCCESS).mapToLong(FileResult::compressedSize)
                .sum();
    }
}
