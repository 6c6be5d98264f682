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
    private volatile boolean journalStopped;

    /** {@code commands} commands were not journaled because of {@code ex} (null: the journal stopped earlier); they are rejected. */
    void onJournalFailures(final Throwable ex, final int commands)
    {
        if (commands > 0 && journalFailures.getAndAdd(commands) == 0 && ex != null)
        {
            report("journal append failed; commands are being rejected", ex);
        }
    }

    /** The journal's state is unknown after a failed commit: the engine rejects every command until it is restarted. */
    void onJournalStopped(final Throwable ex)
    {
        journalStopped = true;
        report("journal stopped: a commit failed and whether it reached the journal is unknown; "
            + "every command is rejected until the server is restarted", ex);
    }

    /** True once the journal stopped ({@link #onJournalStopped}): the engine takes no more commands. */
    public boolean journalStopped()
    {
        return journalStopped;
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
