package dev.pigzfx.cli;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Asks the JVM to keep its heap near a size (G1's {@code SoftMaxHeapSize}, settable while running),
 * so that a long batch of small files does not leave a large resident footprint. A hint only: where
 * the JVM does not offer it, nothing changes.
 */
final class HeapGuide {

    private HeapGuide() {
    }

    static void keepHeapNear(long bytes) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .setVMOption("SoftMaxHeapSize", Long.toString(bytes));
        } catch (RuntimeException | LinkageError notOffered) {
            // another JVM, or the flag is not manageable here: the heap keeps its default policy
        }
    }
}
