package dev.pigzfx.engine;

/**
 * Receives how far a stream has got. Called from engine threads, so it must be cheap and
 * thread-safe; the totals only ever grow.
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = (bytesRead, bytesWritten) -> { };

    void update(long bytesRead, long bytesWritten);
}
