package dev.pigzfx.ui;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.lang.management.ManagementFactory;

/**
 * The throughput chart's figures: the bytes a batch read in each second and this process's share
 * of the CPU, one value a second, the last {@link #HISTORY_SECONDS} of them. Sampled on the FX
 * thread, from the batch's pulse.
 */
final class ThroughputSampler {

    /** Seconds of history in the chart. */
    static final int HISTORY_SECONDS = 60;
    /** Made when the window opens, not when Compress is pressed: its first use is slow. */
    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private final ObservableList<Double> throughput = FXCollections.observableArrayList();
    private final ObservableList<Double> cpu = FXCollections.observableArrayList();
    private long lastBytes;

    /** Bytes per second read, one value a second, the newest last. */
    ObservableList<Double> throughputHistory() {
        return throughput;
    }

    /** This process's share of the CPU, 0 to 1, one value a second. */
    ObservableList<Double> cpuHistory() {
        return cpu;
    }

    /** Empties the chart for a new batch and starts the CPU measurement. */
    void start() {
        throughput.clear();
        cpu.clear();
        lastBytes = 0;
        processCpuLoad(); // the first reading only starts the measurement
    }

    /** Takes one second's sample: {@code processed} is the batch's bytes read so far. */
    void sample(long processed) {
        throughput.add((double) Math.max(0, processed - lastBytes));
        lastBytes = processed;
        double load = processCpuLoad();
        if (load >= 0) {
            cpu.add(load);
        }
        if (throughput.size() > HISTORY_SECONDS) {
            throughput.removeFirst();
        }
        if (cpu.size() > HISTORY_SECONDS) {
            cpu.removeFirst();
        }
    }

    /** This process's share of all the CPUs since the last call, 0 to 1; negative where it cannot be told. */
    private static double processCpuLoad() {
        return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuLoad() : -1;
    }
}
