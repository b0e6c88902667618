package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a batch is made of: folders walked without following links, each file once, the rest set aside with a reason. */
class DiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void walksFoldersAndTakesEachFileOnce() throws IOException {
        Path a = write("top/a.txt", 10);
        Path b = write("top/sub/deeper/b.txt", 20);
        Path c = write("c.txt", 30);
        Files.createDirectories(dir.resolve("top/empty"));

        Discovery.Found found = discover(dir.resolve("top"), c, a, dir.resolve("top/sub/.."), c);

        assertThat(found.inputs()).extracting(Discovery.Input::path).containsExactlyInAnyOrder(a, b, c);
        assertThat(found.totalBytes()).isEqualTo(60);
        assertThat(found.setAside()).isEmpty();
    }

    @Test
    void linksAreNotFollowedSoALoopCannotTrapTheWalk() throws IOException {
        Path real = write("data/real.txt", 5);
        Tools.symlink(dir.resolve("data/loop"), dir.resolve("data"));
        Tools.symlink(dir.resolve("data/link.txt"), real);
        Tools.symlink(dir.resolve("data/self"), dir.resolve("data/self"));

        Discovery.Found found = discover(dir.resolve("data"));

        assertThat(found.inputs()).extracting(Discovery.Input::path).containsExactly(real);
        assertThat(found.setAside()).extracting(s -> s.result().source().getFileName().toString())
                .containsExactlyInAnyOrder("loop", "link.txt", "self");
        assertThat(found.setAside()).allSatisfy(s -> {
            assertThat(s.result().status()).isEqualTo(FileStatus.SKIPPED);
            assertThat(s.result().detail()).isEqualTo("is a symbolic link (not followed)");
            assertThat(s.named()).isFalse();
        });
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows has no named pipes in folders")
    void specialAndCompressedFilesAreSetAsideWithTheReason() throws Exception {
        write("d/x.gz", 5);
        write("d/y.txt", 5);
        write("d/y.txt.gz", 5);
        assertThat(new ProcessBuilder("mkfifo", dir.resolve("d/pipe").toString()).start().waitFor()).isZero();

        Discovery.Found found = discover(dir.resolve("d"));

        assertThat(found.inputs()).isEmpty();
        assertThat(found.setAside()).extracting(s -> s.result().source().getFileName() + ": " + s.result().detail())
                .containsExactlyInAnyOrder(
                        "x.gz: already has the .gz suffix",
                        "y.txt: " + dir.resolve("d/y.txt.gz") + " already exists (force to replace it)",
                        "y.txt.gz: already has the .gz suffix",
                        "pipe: is not a regular file (a device, pipe or socket)");
    }

    @Test
    void forceTakesFilesWhoseGzExists() throws IOException {
        Path y = write("y.txt", 5);
        write("y.txt.gz", 5);

        Discovery.Found found = Discovery.discover(List.of(y), true, Cancellation.none());

        assertThat(found.inputs()).extracting(Discovery.Input::path).containsExactly(y);
    }

    @Test
    void aFileNamedBesideTheFolderHoldingItIsStillNamed() throws IOException {
        Path old = write("d/old.gz", 5);
        write("d/other.gz", 5);

        Discovery.Found found = discover(dir.resolve("d"), old);

        assertThat(found.setAside()).hasSize(2).allSatisfy(s ->
                assertThat(s.named()).as(s.result().source().toString()).isEqualTo(s.result().source().equals(old)));
    }

    @Test
    void aMissingPathIsAFailureTheUserNamed() {
        Discovery.Found found = discover(dir.resolve("nowhere"));

        assertThat(found.setAside()).singleElement().satisfies(s -> {
            assertThat(s.named()).isTrue();
            assertThat(s.result().status()).isEqualTo(FileStatus.FAILED);
            assertThat(s.result().detail()).isEqualTo("no such file or folder");
        });
    }

    @Test
    void temporaryFilesOfACrashedRunAreRemovedAndLiveOnesLeftAlone() throws IOException {
        Path crashed = write("w/.a.txt.gz.999999999-1a2b3c4d.pigzfx-tmp", 7);
        Path live = write("w/.b.txt.gz." + ProcessHandle.current().pid() + "-00ff00ff.pigzfx-tmp", 7);
        Path normal = write("w/c.txt", 7);

        Discovery.Found found = discover(dir.resolve("w"));

        assertThat(found.staleRemoved()).isEqualTo(1);
        assertThat(crashed).doesNotExist();
        assertThat(live).exists();
        assertThat(found.inputs()).extracting(Discovery.Input::path).containsExactly(normal);
        assertThat(found.setAside()).singleElement()
                .satisfies(s -> assertThat(s.result().detail()).isEqualTo("is a PigzFX temporary file"));
    }

    @Test
    void anOriginalACrashedRunWasRemovingIsFinishedOrPutBack() throws IOException {
        // a run killed between renaming an original aside (its .gz proven) and unlinking it
        Path removing = write("w/.a.txt.999999999-1a2b3c4d.pigzfx-del", 7);
        write("w/a.txt.gz", 3);
        // one whose .gz is gone since: the original goes back under its name
        Path orphan = write("w/.b.txt.999999999-0badf00d.pigzfx-del", 9);
        Path live = write("w/.c.txt." + ProcessHandle.current().pid() + "-00ff00ff.pigzfx-del", 5);

        Discovery.Found found = discover(dir.resolve("w"));

        assertThat(removing).doesNotExist();
        assertThat(found.staleRemoved()).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(dir.resolve("w/b.txt")).hasSize(9);
        assertThat(live).exists();
        assertThat(found.inputs()).isEmpty();
        assertThat(found.setAside()).extracting(s -> s.result().source().getFileName().toString())
                .containsExactlyInAnyOrder("a.txt.gz", "b.txt", live.getFileName().toString());
    }

    @Test
    void manyFilesAreFoundInOrderOfTheWalkWithTheirSizes() throws IOException {
        for (int i = 0; i < 2000; i++) {
            write("many/d" + (i % 20) + "/f" + i, i % 7);
        }

        Discovery.Found found = discover(dir.resolve("many"));

        assertThat(found.inputs()).hasSize(2000);
        assertThat(found.totalBytes()).isEqualTo(java.util.stream.IntStream.range(0, 2000).map(i -> i % 7).sum());
    }

    @Test
    void foldersReadInParallelComeInTheOrderOfASequentialWalk() throws IOException {
        for (int i = 0; i < 600; i++) {
            write("tree/a" + (i % 3) + "/b" + (i % 5) + "/c" + (i % 7) + "/f" + i, 1);
            if (i % 11 == 0) {
                write("tree/a" + (i % 3) + "/top" + i, 1);
            }
        }
        List<Path> walked;
        try (var walk = Files.walk(dir.resolve("tree"))) {
            walked = walk.filter(Files::isRegularFile).toList();
        }

        Discovery.Found found = discover(dir.resolve("tree"));

        assertThat(found.inputs()).extracting(Discovery.Input::path).containsExactlyElementsOf(walked);
    }

    @Test
    void aLinkNamedLikeTheGzCountsAsAnExistingGzEvenWhenItLeadsNowhere() throws IOException {
        Path file = write("d/notes.txt", 5);
        Tools.symlink(dir.resolve("d/notes.txt.gz"), dir.resolve("nowhere"));

        Discovery.Found found = discover(dir.resolve("d"));

        assertThat(found.inputs()).isEmpty();
        assertThat(found.setAside()).extracting(s -> s.result().source() + ": " + s.result().detail())
                .contains(file + ": " + dir.resolve("d/notes.txt.gz") + " already exists (force to replace it)");
    }

    @Test
    void aWalkCancelledWhileItsFoldersAreReadStopsAndLeavesNoReaderRunning() throws Exception {
        for (int i = 0; i < 20_000; i++) {
            write("big/d" + (i % 400) + "/f" + i, 0);
        }
        Cancellation cancel = new Cancellation();
        java.util.concurrent.CompletableFuture<Discovery.Found> walk = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> Discovery.discover(List.of(dir.resolve("big")), false, cancel));
        while (!walk.isDone() && readers().isEmpty()) {
            Thread.onSpinWait();
        }
        cancel.cancel();

        assertThatThrownBy(walk::join).hasCauseInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(dev.pigzfx.testing.Threads.engineThreadsAlive()).noneMatch(n -> n.startsWith("pigzfx-discovery-"));
    }

    private static List<Thread> readers() {
        return dev.pigzfx.testing.Threads.alive("pigzfx-discovery-");
    }

    private Discovery.Found discover(Path... paths) {
        return Discovery.discover(List.of(paths), false, Cancellation.none());
    }

    private Path write(String name, int size) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[size]);
    }
}
