package io.ringway.engine;

import com.lmax.disruptor.EventHandler;
import io.ringway.codec.ErrorCode;
import io.ringway.engine.logic.BusinessLogic;

/**
 * Second consumer of the inbound ring: applies each journaled command to the business logic, and
 * answers one the journal could not take with {@code journal_unavailable} (or {@code journal_outcome_unknown})
 * instead.
 */
final class BusinessLogicHandler implements EventHandler<CommandEvent>
{
    private final BusinessLogic logic;
    private final EngineStatus status;
    private final EngineErrors errors;
    private final SnapshotTaker snapshots;

    BusinessLogicHandler(final BusinessLogic logic, final EngineStatus status, final EngineErrors errors, final SnapshotTaker snapshots)
    {
        this.logic = logic;
        this.status = status;
        this.errors = errors;
        this.snapshots = snapshots;
    }

    @Override
    public void onEvent(final CommandEvent event, final long ringSequence, final boolean endOfBatch)
    {
        if (event.journaled)
        {
            logic.apply(event.sequence, event.timestampMs, event.buffer, 0, event.length);
            snapshots.onApplied(event.timestampMs, event.journalIndex);
        }
        else
        {
            errors.onUnjournaledCommandSkipped();
            logic.rejectUnjournaled(event.buffer, 0, event.length,
                event.outcomeUnknown ? ErrorCode.JOURNAL_OUTCOME_UNKNOWN : ErrorCode.JOURNAL_UNAVAILABLE);
        }
        if (endOfBatch)
        {
            status.publish(logic.lastAppliedSequence(), logic.digest(), logic.commandsApplied());
            snapshots.afterBatch(logic); // between commands: the state is whole here
        }
    }
}
