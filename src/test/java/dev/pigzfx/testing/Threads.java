package dev.pigzfx.testing;

import java.util.List;

/** What the engines leave running: their threads all carry the {@code pigzfx-} prefix. */
public final class Threads {

    private Threads() {
    }

    public static List<String> engineThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("pigzfx-"))
                .toList();
    }
}
