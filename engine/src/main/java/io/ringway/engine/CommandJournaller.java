package io.ringway.engine;

import com.lmax.disruptor.EventHandler;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalAppender;
import org.agrona.concurrent.EpochClock;

/**
 * First consumer of the inbound ring: gives each command its engine sequence and timestamp and
 * appends it to the journal. The business logic is gated behind this handler, so nothing takes
 * effect, and nothing is acknowledged, before it is in the journal.
 *
 * <p>The timestamp is the only clock read in the engine and it is journaled: the business logic
 * sees the same time on replay. It never goes backwards, even if the wall clock does.
 */
final class CommandJournaller implements EventHandler<CommandEvent>
{
    private final Journal journal;
    private final EpochClock clock;
    private final EngineErrors errors;
    private JournalAppender appender;
    private long lastSequence;
    private long lastTimestampMs;

    CommandJournaller(final Journal journal, final EpochClock clock, final EngineErrors errors, final long lastSequence, final long lastTimestampMs)
    {
        this.journal = journal;
        this.clock = clock;
        this.errors = errors;
        this.lastSequence = lastSequence;
        this.lastTimestampMs = lastTimestampMs;
    }

    @Override
    public void onStart()
    {
        appender = journal.appender(); // Chronicle appenders are confined to the thread that uses them
    }

    @Override
    public void onEvent(final CommandEvent event, final long ringSequence, final boolean endOfBatch)
    {
        final long timestampMs = Math.max(lastTimestampMs, clock.time());
        final long sequence = lastSequence + 1;
        try
        {
            appender.append(sequence, timestampMs, event.buffer, 0, event.length);
        }
        catch (final RuntimeException | InternalError ex) // InternalError: a mapped-file write failed (disk full)
        {
            event.journaled = false;
            errors.onJournalFailure(ex);
            return;
        }
        lastSequence = sequence;
        lastTimestampMs = timestampMs;
        event.sequence = sequence;
        event.timestampMs = timestampMs;
        event.journaled = true;
    }

    @Override
    public void onShutdown()
    {
        if (appender != null)
        {
            appender.close();
        }
    }
}
