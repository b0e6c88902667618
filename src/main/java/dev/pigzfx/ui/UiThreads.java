package dev.pigzfx.ui;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * The window's one seam for threads: work sent off the FX thread (walking folders, testing, the
 * batch), changes handed back to it, and the pulse a running batch is shown by. The ViewModel parts
 * reach threads only through it, so that a test can give its own and run them deterministically.
 */
interface UiThreads {

    /** Runs {@code work} off the FX thread. */
    void background(Runnable work);

    /** Runs {@code change} on the FX thread, later. */
    void fx(Runnable change);

    /**
     * Calls {@code onPulse} on the FX thread at each frame, with the frame's time in nanoseconds,
     * until the returned {@link Runnable} is run (on the FX thread).
     */
    Runnable pulse(LongConsumer onPulse);

    /** JavaFX's own: its application thread and its animation pulse, with {@code background} for the rest. */
    static UiThreads javafx(Executor background) {
        return new UiThreads() {
            @Override
            public void background(Runnable work) {
                background.execute(work);
            }

            @Override
            public void fx(Runnable change) {
                Platform.runLater(change);
            }

            @Override
            public Runnable pulse(LongConsumer onPulse) {
                AnimationTimer timer = new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        onPulse.accept(now);
                    }
                };
                timer.start();
                return timer::stop;
            }
        };
    }
}
