package dev.pigzfx.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A request to stop, shared between whoever may cancel and the work that must stop. Work polls
 * {@link #isCancelled()} between steps; work that may be blocked outside Java (a child process)
 * registers a hook that runs the moment {@link #cancel()} is called.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> hooks = new ArrayList<>();

    /** A cancellation nobody holds: work given it runs to the end. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (hooks) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(hooks);
        }
        toRun.forEach(Runnable::run);
    }

    /** A hook's registration; closing it removes the hook. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancellationException("cancelled");
        }
    }

    /**
     * Runs {@code hook} on cancel, at once if already cancelled. Close the returned handle when
     * the work is over so that a later cancel does not reach it.
     */
    public Registration onCancel(Runnable hook) {
        synchronized (hooks) {
            if (!cancelled) {
                hooks.add(hook);
                return () -> {
                    synchronized (hooks) {
                        hooks.remove(hook);
                    }
                };
            }
        }
        hook.run();
        return () -> { };
    }
}
