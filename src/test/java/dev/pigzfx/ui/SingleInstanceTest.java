package dev.pigzfx.ui;

import dev.pigzfx.platform.Os;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A second start hands its paths to the open window, over the user's socket, and only then ends. */
class SingleInstanceTest {

    @TempDir
    Path dir;

    @Test
    void aLaterStartHandsItsPathsToTheOpenWindowWhateverTheirNames() throws Exception {
        SingleInstance window = new SingleInstance(dir.resolve("run/pigzfx-window.sock"));
        LinkedBlockingQueue<List<Path>> opened = new LinkedBlockingQueue<>();
        assertThat(window.listen(opened::add)).isTrue();
        try {
            List<Path> paths = new java.util.ArrayList<>(List.of(dir.resolve("a.gz"),
                    dir.resolve("with space/unicode ä.txt")));
            if (Os.current() != Os.WINDOWS) {
                paths.add(dir.resolve("line\nbreak.gz")); // a name Windows does not allow
            }

            boolean taken = new SingleInstance(dir.resolve("run/pigzfx-window.sock")).handOver(paths);

            assertThat(taken).isTrue();
            assertThat(opened.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(paths);
            // the menu entry started again: no paths, and the window is asked all the same
            assertThat(new SingleInstance(dir.resolve("run/pigzfx-window.sock")).handOver(List.of())).isTrue();
            assertThat(opened.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEmpty();
        } finally {
            window.close();
        }
        assertThat(dir.resolve("run/pigzfx-window.sock")).doesNotExist();
        assertThat(new SingleInstance(dir.resolve("run/pigzfx-window.sock")).handOver(List.of(dir))).isFalse();
    }

    @Test
    void aSocketLeftByACrashedWindowIsNotTakenForAWindowAndIsReplaced() throws Exception {
        Path socket = dir.resolve("pigzfx-window.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        assertThat(new SingleInstance(socket).handOver(List.of(dir))).isFalse();

        SingleInstance window = new SingleInstance(socket);
        LinkedBlockingQueue<List<Path>> opened = new LinkedBlockingQueue<>();
        assertThat(window.listen(opened::add)).isTrue();
        try {
            assertThat(new SingleInstance(socket).handOver(List.of(dir))).isTrue();
            assertThat(opened.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(dir);
        } finally {
            window.close();
        }
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no modes on Windows: the temporary folder is the user's own")
    void aFolderOthersMayWriteIsNotUsedAndTheyHearNothing() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = shared.resolve("pigzfx-window.sock");
        try (ServerSocketChannel eavesdropper = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            eavesdropper.bind(UnixDomainSocketAddress.of(socket));
            eavesdropper.configureBlocking(false);

            assertThat(new SingleInstance(socket).handOver(List.of(dir.resolve("secret plans.txt")))).isFalse();
            assertThat(eavesdropper.accept()).isNull();
        }
        assertThat(new SingleInstance(socket).listen(paths -> { })).isFalse();
    }

    @Test
    void anotherUsersFolderIsNotUsed() throws Exception {
        assumeThat(System.getProperty("user.name")).as("running as root, to give a folder away").isEqualTo("root");
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path socket = theirs.resolve("pigzfx-window.sock");
        try (ServerSocketChannel eavesdropper = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            eavesdropper.bind(UnixDomainSocketAddress.of(socket));
            eavesdropper.configureBlocking(false);

            assertThat(new SingleInstance(socket).handOver(List.of(dir.resolve("a.txt")))).isFalse();
            assertThat(eavesdropper.accept()).isNull();
        }
        assertThat(SingleInstance.notPrivate(theirs)).startsWith("belongs to ");
    }

    @Test
    void theWindowSurvivesGarbageAHugeMessageAndAStartThatNeverEnds() throws Exception {
        Path socket = dir.resolve("pigzfx-window.sock");
        SingleInstance window = new SingleInstance(socket, Duration.ofSeconds(1));
        LinkedBlockingQueue<List<Path>> opened = new LinkedBlockingQueue<>();
        assertThat(window.listen(opened::add)).isTrue();
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // a start that sends half a message and never ends it
            silent.write(ByteBuffer.wrap("/half/a/pa".getBytes(StandardCharsets.UTF_8)));
            // one that sends more than any message may hold
            Thread huge = Thread.ofPlatform().start(() -> {
                try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                    for (int i = 0; i <= SingleInstance.MAX_MESSAGE >> 20; i++) {
                        c.write(chunk.clear());
                    }
                    c.shutdownOutput();
                    assertThat(c.read(ByteBuffer.allocate(1))).isNotEqualTo(1);
                } catch (IOException cutOff) {
                    // the window stopped reading and closed: as it should
                }
            });
            // one that sends bytes that are not UTF-8, then a path
            try (SocketChannel odd = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                odd.write(ByteBuffer.wrap(new byte[] {'/', (byte) 0xff, (byte) 0xfe, 0, '/', 'o', 'k', 0}));
                odd.shutdownOutput();
                odd.read(ByteBuffer.allocate(1));
            }

            assertThat(new SingleInstance(socket).handOver(List.of(dir))).isTrue();

            // what the odd start sent may come first
            List<Path> got = poll(opened);
            while (got != null && !got.equals(List.of(dir))) {
                got = poll(opened);
            }
            assertThat(got).isEqualTo(List.of(dir));
            huge.join();
            // the silent start is cut off once its time is up
            assertThat(silent.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        } finally {
            window.close();
        }
    }

    @Test
    void aStartDoesNotWaitLongOnAWindowThatNeverAnswers() throws Exception {
        Path socket = dir.resolve("pigzfx-window.sock");
        try (ServerSocketChannel stuck = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stuck.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    SocketChannel held = stuck.accept(); // taken, and never answered
                    held.read(ByteBuffer.allocate(1 << 16));
                } catch (IOException closed) {
                    // the test is over
                }
            });

            boolean taken = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> new SingleInstance(socket, Duration.ofSeconds(1)).handOver(List.of(dir)));

            assertThat(taken).isFalse();
        }
    }

    private static List<Path> poll(LinkedBlockingQueue<List<Path>> queue) {
        try {
            return queue.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
