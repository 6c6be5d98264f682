package io.ringway.engine;

import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventHandler;

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
    private DataProvider<CommandEvent> events;
    private long batchStart = -1;

    JournalThenApplyHandler(final CommandJournaller journaller, final BusinessLogicHandler logic)
    {
        this.journaller = journaller;
        this.logic = logic;
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
        journaller.onEvent(event, ringSequence, endOfBatch); // commits at the end of the batch
        if (endOfBatch)
        {
            for (long s = batchStart; s <= ringSequence; s++)
            {
                logic.onEvent(events.get(s), s, s == ringSequence);
            }
            batchStart = -1;
        }
    }

    @Override
    public void onShutdown()
    {
        journaller.onShutdown();
    }
}
