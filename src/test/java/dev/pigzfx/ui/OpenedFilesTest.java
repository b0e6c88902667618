package dev.pigzfx.ui;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Files opened from the system (Finder on macOS) reach the queue, even those that come before the window. */
class OpenedFilesTest {

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    @Test
    void filesOpenedBeforeTheWindowWaitForItAndLaterOnesGoStraightThere() throws Exception {
        OpenedFiles opened = new OpenedFiles();
        LinkedBlockingQueue<List<Path>> queued = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Boolean> onFxThread = new LinkedBlockingQueue<>();

        opened.arrived(List.of(Path.of("/early/a.gz"), Path.of("/early/b")));
        opened.deliverTo(paths -> {
            onFxThread.add(javafx.application.Platform.isFxApplicationThread());
            queued.add(paths);
        });
        assertThat(queued.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(Path.of("/early/a.gz"), Path.of("/early/b"));

        Thread.ofPlatform().start(() -> opened.arrived(List.of(Path.of("/late/c.gz")))).join();
        assertThat(queued.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(Path.of("/late/c.gz"));
        assertThat(onFxThread).containsExactly(true, true);
    }
}
