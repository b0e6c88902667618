package dev.pigzfx.ui;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the desktop asks (macOS): files opened from Finder reach the queue, even those that come
 * before the window, and a quit goes the window's way.
 */
class DesktopEventsTest {

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    @Test
    void filesOpenedBeforeTheWindowWaitForItAndLaterOnesGoStraightThere() throws Exception {
        DesktopEvents opened = new DesktopEvents();
        LinkedBlockingQueue<List<Path>> queued = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Boolean> onFxThread = new LinkedBlockingQueue<>();

        opened.arrived(List.of(Path.of("/early/a.gz"), Path.of("/early/b")));
        opened.deliverTo(paths -> {
            onFxThread.add(javafx.application.Platform.isFxApplicationThread());
            queued.add(paths);
        }, () -> { });
        assertThat(queued.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(Path.of("/early/a.gz"), Path.of("/early/b"));

        Thread.ofPlatform().start(() -> opened.arrived(List.of(Path.of("/late/c.gz")))).join();
        assertThat(queued.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).containsExactly(Path.of("/late/c.gz"));
        assertThat(onFxThread).containsExactly(true, true);
    }

    @Test
    void aQuitBeforeTheWindowIsThereIsLeftToTheSystem() throws Exception {
        DesktopEvents desktop = new DesktopEvents();
        assertThat(desktop.quitRequested()).isFalse();

        LinkedBlockingQueue<Boolean> quit = new LinkedBlockingQueue<>();
        desktop.deliverTo(paths -> { }, () -> quit.add(javafx.application.Platform.isFxApplicationThread()));

        assertThat(desktop.quitRequested()).isTrue();
        assertThat(quit.poll(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the window's close, on the FX thread").isTrue();
    }
}
