package io.ringway.engine;

/**
 * Makes the engine's threads (journaller, logic, history reader, outbound dispatcher). The engine
 * names them and sets them daemon; the embedder decides the thread class. The gateway passes
 * Netty's {@code FastThreadLocalThread}: the logic thread runs its dispatcher (with
 * {@code --outbound-delivery direct}), which takes pooled buffers for every message, and Netty's
 * thread-local caches take a slower lookup on any other thread.
 */
@FunctionalInterface
public interface EngineThreadFactory
{
    EngineThreadFactory PLAIN = Thread::new;

    Thread newThread(Runnable task, String name);

    /** A daemon thread named {@code name}, not started. */
    default Thread newDaemon(final Runnable task, final String name)
    {
        final Thread thread = newThread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
