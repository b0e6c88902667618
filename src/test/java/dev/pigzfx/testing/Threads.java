package dev.pigzfx.testing;

import java.time.Duration;
import java.util.List;

/** What the engines leave running: their threads all carry the {@code pigzfx-} prefix. */
public final class Threads {

    /** How long a thread that has finished its work may take to end. */
    private static final Duration ENDING = Duration.ofSeconds(5);

    private Threads() {
    }

    /**
     * The engines' threads still alive once those that are ending have ended: a pool reports itself
     * terminated when its last task is done, a moment before its threads have returned.
     */
    public static List<String> engineThreadsAlive() {
        List<Thread> ours = alive("pigzfx-");
        for (Thread t : ours) {
            try {
                t.join(ENDING);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ours.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    /** The live threads whose names start with {@code prefix}. */
    public static List<Thread> alive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix))
                .toList();
    }
}
