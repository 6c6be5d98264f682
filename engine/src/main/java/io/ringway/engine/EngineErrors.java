package io.ringway.engine;

import com.lmax.disruptor.ExceptionHandler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's error handler: counts, and reports once per kind to stderr, then carries on.
 * Replaces the Disruptor default, which would halt the consumer on the first exception.
 */
public final class EngineErrors implements ExceptionHandler<Object>
{
    private final AtomicLong journalFailures = new AtomicLong();
    private final AtomicLong skippedCommands = new AtomicLong();
    private final AtomicLong handlerExceptions = new AtomicLong();
    private final AtomicLong snapshotFailures = new AtomicLong();
    private final AtomicLong pretouchFailures = new AtomicLong();

    /** {@code commands} commands were not journaled because of {@code ex}; they are rejected. */
    void onJournalFailures(final Throwable ex, final int commands)
    {
        if (commands > 0 && journalFailures.getAndAdd(commands) == 0)
        {
            report("journal append failed; commands are being rejected", ex);
        }
    }

    /** A snapshot could not be written: start-up will replay more of the journal, nothing is lost. */
    void onSnapshotFailure(final Throwable ex)
    {
        if (snapshotFailures.getAndIncrement() == 0)
        {
            report("snapshot write failed; recovery falls back to older snapshots or the journal", ex);
        }
    }

    public long snapshotFailures()
    {
        return snapshotFailures.get();
    }

    /** The journal pretoucher threw: appends carry on, only slower (their page faults are back on the engine thread). */
    void onPretouchFailure(final Throwable ex)
    {
        if (pretouchFailures.getAndIncrement() == 0)
        {
            report("journal pretoucher failed; appends continue without it", ex);
        }
    }

    public long pretouchFailures()
    {
        return pretouchFailures.get();
    }

    void onUnjournaledCommandSkipped()
    {
        skippedCommands.incrementAndGet();
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final Object event)
    {
        if (handlerExceptions.getAndIncrement() == 0)
        {
            report("engine handler failed at ring sequence " + sequence + "; continuing", ex);
        }
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        report("engine handler failed to start", ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        report("engine handler failed to shut down", ex);
    }

    public long journalFailures()
    {
        return journalFailures.get();
    }

    public long skippedCommands()
    {
        return skippedCommands.get();
    }

    public long handlerExceptions()
    {
        return handlerExceptions.get();
    }

    private static void report(final String message, final Throwable ex)
    {
        System.err.println("ringway engine: " + message + ": " + ex);
        ex.printStackTrace(System.err);
    }
}
