package io.ringway.engine;

import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;

/**
 * The journaller and the business logic on one thread: each ring batch is appended and committed
 * to the journal first, then applied, command by command. Journal before effect holds exactly as
 * with two threads, since nothing of a batch is applied before its commit.
 *
 * <p>Why: on a machine with two cores the two-thread pipeline pays a thread wake-up (or a spin)
 * between the journaller and the logic for every quiet-time command, and the two threads compete
 * for the same cores as the network threads anyway. One thread does the same work with one
 * hand-off less. With spare cores, two threads overlap journaling with logic and go faster.
 */
final class JournalThenApplyHandler implements EventHandler<CommandEvent>
{
    private final CommandJournaller journaller;
    private final BusinessLogicHandler logic;
    private final ExceptionHandler<Object> errors;
    private DataProvider<CommandEvent> events;
    private long batchStart = -1;

    JournalThenApplyHandler(final CommandJournaller journaller, final BusinessLogicHandler logic, final ExceptionHandler<Object> errors)
    {
        this.journaller = journaller;
        this.logic = logic;
        this.errors = errors;
    }

    void ring(final DataProvider<CommandEvent> events)
    {
        this.events = events;
    }

    @Override
    public void onStart()
    {
        journaller.onStart();
    }

    @Override
    public void onEvent(final CommandEvent event, final long ringSequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = ringSequence;
        }
        journaller.onEvent(event, ringSequence, endOfBatch); // commits at the end of the batch; never throws
        if (endOfBatch)
        {
            final long first = batchStart;
            batchStart = -1;
            for (long s = first; s <= ringSequence; s++)
            {
                applyOne(s, s == ringSequence);
            }
        }
    }

    /**
     * One command of the batch. A failure is reported and the batch goes on, as the ring does for a
     * handler of its own: escaping here would leave the rest of the batch journaled but never applied.
     */
    private void applyOne(final long ringSequence, final boolean endOfBatch)
    {
        final CommandEvent event = events.get(ringSequence);
        try
        {
            logic.onEvent(event, ringSequence, endOfBatch);
        }
        catch (final RuntimeException | Error ex)
        {
            errors.handleEventException(ex, ringSequence, event);
        }
    }

    @Override
    public void onShutdown()
    {
        journaller.onShutdown();
    }
}
