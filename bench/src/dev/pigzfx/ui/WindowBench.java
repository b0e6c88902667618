package dev.pigzfx.ui;

import dev.pigzfx.batch.BatchResult;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One batch through the real window, as a user runs it: the folder added, Compress, the table
 * following every file. Prints the batch's time (as the runner measures it, like the command
 * line's summary), the time from Compress to the last row done, and how long the FX thread was
 * busy before it could answer a probe posted every 5 ms: the longest such wait is the longest
 * the window could not react. The probe starts once the added rows have been drawn.
 *
 *   java ... dev.pigzfx.ui.WindowBench FOLDER     (run on JavaFX's headless platform by bench/window.sh)
 */
public final class WindowBench {

    private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]).toAbsolutePath();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();

        MainViewModel[] vm = new MainViewModel[1];
        runFx(() -> {
            vm[0] = MainViewModel.create(Settings.user());
            Themes.follow(vm[0].themeProperty());
            vm[0].threadsProperty().set(Integer.getInteger("bench.threads", 0));
            vm[0].oneArchiveProperty().set(Boolean.getBoolean("bench.oneArchive")); // one .tar.gz of the folder
            Stage stage = new Stage();
            stage.setScene(new Scene(MainView.load(vm[0], uri -> { }), 1000, 700));
            stage.show();
        });

        java.lang.management.ThreadMXBean threadsBean = java.lang.management.ManagementFactory.getThreadMXBean();
        long fxThread = callFx(() -> Thread.currentThread().threadId());
        long fxCpuBeforeAdd = threadsBean.getThreadCpuTime(fxThread);
        long added = System.nanoTime();
        int rows = callFx(() -> vm[0].add(List.of(folder))).get();
        long addNanos = System.nanoTime() - added;
        long addFxCpu = threadsBean.getThreadCpuTime(fxThread) - fxCpuBeforeAdd;

        List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        // CPU time the FX thread spent between two probes it answered: its own work, without the waits for a core
        List<Long> busy = Collections.synchronizedList(new ArrayList<>());
        long[] lastCpu = {-1};
        long[] compressPressed = {System.nanoTime()};
        boolean[] running = {true};
        Thread probe = Thread.ofPlatform().name("fx-probe").start(() -> {
            while (running[0]) {
                CountDownLatch answered = new CountDownLatch(1);
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    long waited = System.nanoTime() - posted;
                    if (Boolean.getBoolean("bench.verbose") && waited > 50_000_000) {
                        System.err.printf(Locale.ROOT, "FX thread waited %.0f ms at %.2f s%n", waited / 1e6,
                                (posted - compressPressed[0]) / 1e9);
                    }
                    waits.add(waited);
                    long cpu = threadsBean.getCurrentThreadCpuTime();
                    if (lastCpu[0] >= 0) {
                        busy.add(cpu - lastCpu[0]);
                        if (Boolean.getBoolean("bench.verbose") && cpu - lastCpu[0] > 30_000_000) {
                            System.err.printf(Locale.ROOT, "FX thread busy %.0f ms of CPU before %.2f s%n",
                                    (cpu - lastCpu[0]) / 1e6, (posted - compressPressed[0]) / 1e9);
                        }
                    }
                    lastCpu[0] = cpu;
                    answered.countDown();
                });
                try {
                    answered.await();
                } catch (InterruptedException e) {
                    return;
                }
                LockSupport.parkNanos(PROBE_NANOS);
            }
        });

        // the rows just added are drawn first: that is the add's work, not the batch's
        long settling = System.nanoTime();
        settle();
        if (Boolean.getBoolean("bench.addOnly")) {
            System.out.printf(Locale.ROOT, "rows=%d add_s=%.2f add_fx_cpu_s=%.2f drawn_s=%.2f heap_used_mb=%d%n", rows,
                    addNanos / 1e9, addFxCpu / 1e9, (System.nanoTime() - settling) / 1e9,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            System.exit(0);
        }

        long fxCpuBefore = threadsBean.getThreadCpuTime(fxThread);
        long t0 = System.nanoTime();
        compressPressed[0] = t0;
        var future = callFx(() -> vm[0].compress());
        BatchResult result = future.get();
        long wall = System.nanoTime() - t0;
        running[0] = false;
        probe.join();
        long fxCpu = threadsBean.getThreadCpuTime(fxThread) - fxCpuBefore;

        List<Long> sorted = new ArrayList<>(waits);
        Collections.sort(sorted);
        List<Long> sortedBusy = new ArrayList<>(busy);
        Collections.sort(sortedBusy);
        System.out.printf(Locale.ROOT, "rows=%d add_s=%.2f batch_s=%.2f compress_to_done_s=%.2f fx_probes=%d"
                        + " fx_wait_max_ms=%.1f fx_wait_p99_ms=%.1f fx_busy_max_ms=%.1f fx_busy_p99_ms=%.1f"
                        + " fx_cpu_during_batch_s=%.2f%n",
                rows, addNanos / 1e9, result.nanos() / 1e9, wall / 1e9, sorted.size(),
                sorted.getLast() / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                sortedBusy.getLast() / 1e6, sortedBusy.get((int) (sortedBusy.size() * 0.99)) / 1e6, fxCpu / 1e9);
        if (Boolean.getBoolean("bench.verbose")) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                long cpu = threadsBean.getThreadCpuTime(t.threadId());
                if (cpu > 50_000_000) {
                    System.err.printf(Locale.ROOT, "thread %s: %.2f s of CPU%n", t.getName(), cpu / 1e9);
                }
            }
        }
        Platform.exit();
        System.exit(0);
    }

    /** Waits for three pulses of the FX thread, so that everything pending has been laid out and drawn. */
    private static void settle() throws InterruptedException {
        CountDownLatch pulses = new CountDownLatch(3);
        javafx.animation.AnimationTimer timer = new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.countDown();
            }
        };
        Platform.runLater(timer::start);
        pulses.await();
        Platform.runLater(timer::stop);
    }

    private static void runFx(Runnable work) throws Exception {
        callFx(() -> {
            work.run();
            return null;
        });
    }

    private static <T> T callFx(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Platform.runLater(task);
        return task.get();
    }
}
