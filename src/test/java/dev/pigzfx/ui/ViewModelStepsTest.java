package dev.pigzfx.ui;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.ThroughputModel;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ViewModel driven step by step on the test's own thread, with no JavaFX toolkit running: the
 * thread seam lets the test decide when background work, hand-backs to the FX thread and the
 * batch's pulses happen, so every step can be looked at.
 */
class ViewModelStepsTest {

    /** Background work and FX hand-backs wait in queues until the test runs them; pulses come when it says. */
    private static final class Steps implements UiThreads {
        private final Deque<Runnable> background = new ArrayDeque<>();
        private final Deque<Runnable> fx = new ArrayDeque<>();
        private LongConsumer pulse;

        @Override
        public void background(Runnable work) {
            background.add(work);
        }

        @Override
        public void fx(Runnable change) {
            fx.add(change);
        }

        @Override
        public Runnable pulse(LongConsumer onPulse) {
            pulse = onPulse;
            return () -> pulse = null;
        }

        /** Runs what waits, background work first, until nothing does. */
        void settle() {
            while (!background.isEmpty() || !fx.isEmpty()) {
                (background.isEmpty() ? fx : background).poll().run();
            }
        }

        void frame(long nanos) {
            pulse.accept(nanos);
        }
    }

    @TempDir
    Path dir;

    private final Steps steps = new Steps();
    private Settings settings;
    private MainViewModel vm;

    @BeforeEach
    void viewModel() {
        settings = Fx.freshSettings();
        vm = new MainViewModel(settings, new Planner(ThroughputModel.Store.inMemory()), steps);
    }

    @AfterEach
    void forgetSettings() {
        Fx.forget(settings);
    }

    @Test
    void aBatchStartsAtItsSecondPulseAndEndsWithEveryRowVerified() throws Exception {
        byte[] a = Samples.text(200_000, 1);
        byte[] b = Samples.text(30_000, 2);
        Files.write(dir.resolve("a.log"), a);
        Files.write(dir.resolve("b.log"), b);

        CompletableFuture<Integer> added = vm.add(List.of(dir));
        assertThat(added).as("the folder is walked in the background").isNotDone();
        assertThat(vm.addingProperty().get()).isTrue();
        steps.settle();
        assertThat(added.join()).isEqualTo(2);
        assertThat(vm.queuedProperty().get()).isEqualTo(2);
        assertThat(vm.planTextProperty().get()).startsWith("2 files, ");

        CompletableFuture<BatchResult> done = vm.compress();
        assertThat(vm.phaseProperty().get()).isEqualTo(MainViewModel.Phase.RUNNING);
        assertThat(vm.canEditProperty().get()).isFalse();
        steps.frame(1);
        steps.settle();
        assertThat(done).as("the window draws itself running first").isNotDone();
        assertThat(dir.resolve("a.log")).exists();

        steps.frame(2);
        steps.settle();

        assertThat(done).isDone();
        assertThat(done.join().results()).hasSize(2);
        assertThat(vm.phaseProperty().get()).isEqualTo(MainViewModel.Phase.IDLE);
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.state()).isEqualTo(RowState.DONE));
        assertThat(vm.filesTextProperty().get()).isEqualTo("2 of 2 files");
        assertThat(vm.summaryProperty().get().title()).isEqualTo("Done");
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("a.log.gz")))).isEqualTo(a);
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("b.log.gz")))).isEqualTo(b);
    }
}
