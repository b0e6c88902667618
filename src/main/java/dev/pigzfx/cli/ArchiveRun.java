package dev.pigzfx.cli;

import dev.pigzfx.batch.AdaptiveScheduler;
import dev.pigzfx.batch.ArchiveExtractor;
import dev.pigzfx.batch.ArchiveMaker;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Printable;
import dev.pigzfx.batch.Reports;
import dev.pigzfx.batch.Sizes;
import dev.pigzfx.engine.Cancellation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code compress --archive} and {@code decompress --extract} print: the live line on a
 * terminal, what was passed over or refused (standard error), a line per archive, or the JSON; and
 * the exit status: 1 when anything failed or was refused; a file passed over inside a folder (a
 * socket, a FIFO) is told but is no failure, as in any batch.
 */
final class ArchiveRun {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final List<FileResult> all = new ArrayList<>();
    private final Cancellation cancel = new Cancellation();

    ArchiveRun(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** Makes one archive of {@code inputs}. */
    int make(ArchiveMaker maker, List<Path> inputs, Path target, int threads) {
        BatchProgress progress = BatchProgress.onTerminal(json);
        Path shown = inputs.size() == 1 ? inputs.getFirst() : target;
        ArchiveMaker.Outcome outcome = withInterruptHandling(() -> maker.make(inputs, target,
                new ArchiveMaker.Listener() {
                    @Override
                    public void scanned(int entries, int files, long bytes) {
                        progress.planned(plan(shown, bytes, threads));
                    }

                    @Override
                    public void progress(long bytesRead, long bytesWritten) {
                        progress.progress(shown, bytesRead, bytesWritten);
                    }
                }, cancel));
        progress.clear();
        outcome.passedOver().forEach(this::tell);
        FileResult r = outcome.archive();
        tell(r);
        if (r.status() == FileStatus.SUCCESS && !json) {
            out.println(Printable.of(r.output().toString()) + "  " + Sizes.format(r.originalSize()) + " -> "
                    + Sizes.format(r.compressedSize()) + " (" + Sizes.decimals(100 * r.ratio(), 1) + "%), "
                    + Printable.of(r.detail()) + "; tested, CRC-32 " + HexFormat.of().toHexDigits(r.crc32()));
        }
        int status = finish(outcome.archive(), outcome.passedOver());
        printJson();
        return status;
    }

    /** Extracts each archive, into {@code into} or each beside itself. */
    int extract(ArchiveExtractor extractor, List<Path> archives, Path into, int threads) {
        int status = Cli.OK;
        for (Path archive : archives) {
            BatchProgress progress = BatchProgress.onTerminal(json);
            long size = archive.toFile().length();
            progress.planned(plan(archive, size, threads));
            ArchiveExtractor.Outcome outcome = withInterruptHandling(() -> extractor.extract(archive, into,
                    new ArchiveExtractor.Listener() {
                        @Override
                        public void progress(long archiveBytesRead, long bytesOut) {
                            progress.progress(archive, archiveBytesRead, bytesOut);
                        }
                    }, cancel));
            progress.clear();
            outcome.refused().forEach(this::tell);
            FileResult r = outcome.archive();
            tell(r);
            if (r.status() == FileStatus.SUCCESS && !json) {
                out.println(Printable.of(archive.toString()) + " -> " + Printable.of(r.output().toString()) + "/  "
                        + Printable.of(r.detail()) + ", " + Sizes.format(r.originalSize()) + "; verified CRC-32 "
                        + HexFormat.of().toHexDigits(r.crc32()));
            }
            status = Math.max(status, finish(r, outcome.refused()));
            if (cancel.isCancelled()) {
                break;
            }
        }
        printJson();
        out.flush();
        return status;
    }

    private int finish(FileResult archive, List<FileResult> others) {
        all.addAll(others);
        all.add(archive);
        boolean failed = archive.status() != FileStatus.SUCCESS
                || others.stream().anyMatch(r -> r.status() == FileStatus.FAILED);
        return failed ? Cli.FAILED : Cli.OK;
    }

    private void printJson() {
        if (json) {
            out.println(Reports.json(null, all));
            out.flush();
        }
    }

    private void tell(FileResult r) {
        if (r.status() == FileStatus.SUCCESS) {
            return;
        }
        String suffix = r.status() == FileStatus.SKIPPED ? " -- skipped" : "";
        err.println("pigzfx: " + Printable.of(r.source().toString()) + ": " + Printable.of(r.detail()) + suffix);
        err.flush();
    }

    private static Plan plan(Path shown, long bytes, int threads) {
        return AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, List.of(new Discovery.Input(shown, bytes, null)),
                threads, AdaptiveScheduler.DEFAULT_THRESHOLD);
    }

    /** Runs {@code work}; Ctrl+C or a kill cancels it and waits for it to clean up before the process exits. */
    private <T> T withInterruptHandling(java.util.function.Supplier<T> work) {
        return BatchRun.withInterruptHandling(cancel::cancel, work);
    }
}
