package dev.pigzfx.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
            List<Path> paths = List.of(dir.resolve("a.gz"), dir.resolve("with space/unicode ä.txt"),
                    dir.resolve("line\nbreak.gz"));

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
}
