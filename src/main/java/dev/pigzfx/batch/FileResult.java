package dev.pigzfx.batch;

import java.nio.file.Path;

/**
 * The outcome for one input file.
 *
 * @param source         the file the user gave
 * @param output         the {@code .gz} written, or null when none was
 * @param status         how it ended
 * @param originalSize   bytes read from the original (its size when nothing was read)
 * @param compressedSize bytes of the {@code .gz}, 0 when none was written
 * @param crc32          CRC-32 of the original's bytes, verified against the {@code .gz}
 * @param originalKept   whether the original is still there
 * @param detail         why it was skipped or failed, or a remark on a success; empty when none
 * @param nanos          time spent on the file
 */
public record FileResult(Path source, Path output, FileStatus status, long originalSize, long compressedSize,
                         int crc32, boolean originalKept, String detail, long nanos) {

    static FileResult skipped(Path source, long size, String why) {
        return new FileResult(source, null, FileStatus.SKIPPED, size, 0, 0, true, why, 0);
    }

    static FileResult failed(Path source, long size, String why, long nanos) {
        return new FileResult(source, null, FileStatus.FAILED, size, 0, 0, true, why, nanos);
    }

    static FileResult cancelled(Path source, long size, long nanos) {
        return new FileResult(source, null, FileStatus.CANCELLED, size, 0, 0, true,
                "cancelled (original kept)", nanos);
    }

    /**
     * {@code failed} (or passed over), unless another run did the work meanwhile: its source is gone and
     * {@code output} is there (another PigzFX on the same folder published it, then removed the
     * source). That is told as a file passed over, with its source not kept: "original kept" would
     * not be true.
     */
    static FileResult doneElsewhere(FileResult failed, Path output, String did) {
        if (output == null || java.nio.file.Files.exists(failed.source(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || !java.nio.file.Files.exists(output, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return failed;
        }
        return new FileResult(failed.source(), null, FileStatus.SKIPPED, failed.originalSize(), 0, 0, false,
                "another run " + did + " it meanwhile: " + output.getFileName() + " is there and the original is gone",
                failed.nanos());
    }

    /** This result with a remark before its detail. */
    public FileResult withNote(String note) {
        return new FileResult(source, output, status, originalSize, compressedSize, crc32, originalKept,
                detail.isEmpty() ? note : note + "; " + detail, nanos);
    }

    /** A cancelled result for a file that was never started. */
    FileResult notStarted() {
        return new FileResult(source, output, status, originalSize, compressedSize, crc32, originalKept,
                "cancelled before it started (original kept)", nanos);
    }

    /** Compressed size as a fraction of the original, 0 for an empty original. */
    public double ratio() {
        return originalSize == 0 ? 0 : (double) compressedSize / originalSize;
    }
}
