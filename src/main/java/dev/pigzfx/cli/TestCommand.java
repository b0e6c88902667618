package dev.pigzfx.cli;

import dev.pigzfx.batch.Json;
import dev.pigzfx.batch.Sizes;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pigzfx test}: the integrity test of gzip files, like {@code pigz -t}, with the reason on failure. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Test the integrity of gzip files: every member inflated, its CRC-32 and length checked,"
                + " truncation and trailing garbage rejected.")
final class TestCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE.gz")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Json report = new Json().beginObject().beginArray("files");
        boolean allGood = true;
        for (Path given : files) {
            Path file = given.toAbsolutePath().normalize();
            long size = 0;
            try {
                if (Files.isDirectory(file)) {
                    throw new IOException("is a folder");
                }
                size = Files.size(file);
                IntegrityTest.Report r = IntegrityTest.test(file, Progress.NONE, Cancellation.none());
                report.beginObject().field("file_path", file.toString())
                        .field("original_size", r.uncompressedSize())
                        .field("compressed_size", r.compressedSize())
                        .field("status", "success")
                        .field("members", r.members())
                        .field("crc32", String.format("%08x", r.crc32()))
                        .endObject();
                if (!json) {
                    out.printf("%s: OK (%s -> %s, %d member%s, CRC-32 %08x)%n", given,
                            Sizes.format(r.compressedSize()), Sizes.format(r.uncompressedSize()), r.members(),
                            r.members() == 1 ? "" : "s", r.crc32());
                }
            } catch (IOException e) {
                allGood = false;
                String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
                report.beginObject().field("file_path", file.toString())
                        .field("original_size", 0)
                        .field("compressed_size", size)
                        .field("status", "failed")
                        .field("detail", why)
                        .endObject();
                err.println("pigzfx: " + given + ": " + why);
            }
        }
        if (json) {
            out.println(report.endArray().endObject());
        }
        return allGood ? Cli.OK : Cli.FAILED;
    }
}
