package io.ringway.engine;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.LinkTestSupport.Event;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.journal.FaultyAppender;
import io.ringway.journal.Journal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-thread layout: a batch is journaled, then applied command by command. */
class JournalThenApplyHandlerTest
{
    @TempDir
    Path dir;

    private final CommandEvent[] ring = new CommandEvent[16];
    private final EngineErrors errors = new EngineErrors();
    private final List<Event> delivered = new ArrayList<>();
    private final FaultyAppender faults = new FaultyAppender();
    private boolean failNextAck;
    private Journal journal;
    private BusinessLogic logic;
    private JournalThenApplyHandler handler;
    private long next;

    @BeforeEach
    void start()
    {
        for (int i = 0; i < ring.length; i++)
        {
            ring[i] = new CommandEvent();
        }
        journal = Journal.openDecorated(dir.resolve("journal"), faults); // fails only when a test says so
        final CommandJournaller journaller = new CommandJournaller(journal, () -> 1_800_000_000_000L, errors, 0, 0);
        journaller.ring(sequence -> ring[(int)sequence], new BackoffWaitStrategy(0, 0));
        logic = new BusinessLogic((gatewayId, buffer, offset, length) ->
        {
            final Event event = Event.decode(gatewayId, buffer, offset, length);
            if (event.type() == LinkType.ACK && failNextAck)
            {
                failNextAck = false;
                throw new IllegalStateException("a gateway listener failed"); // as a DIRECT listener's bug would
            }
            delivered.add(event);
        }, 10);
        final SnapshotTaker noSnapshots = new SnapshotTaker(SnapshotConfig.DISABLED, (header, body, offset, length) -> { },
            errors, 0, 0, 0, -1);
        handler = new JournalThenApplyHandler(journaller, new BusinessLogicHandler(logic, new EngineStatus(), errors, noSnapshots), errors);
        handler.ring(sequence -> ring[(int)sequence]);
        handler.onStart();
    }

    @AfterEach
    void stop()
    {
        handler.onShutdown();
        journal.close();
    }

    private void batch(final byte[]... commands)
    {
        for (int i = 0; i < commands.length; i++)
        {
            final CommandEvent event = ring[(int)next];
            event.copyFrom(new UnsafeBuffer(commands[i]), 0, commands[i].length);
            handler.onEvent(event, next++, i == commands.length - 1);
        }
    }

    private List<String> roomMessages()
    {
        return delivered.stream().filter(e -> e.type() == LinkType.ROOM_MESSAGE).map(Event::data).toList();
    }

    @Test
    void shouldApplyTheRestOfTheBatchOnceWhenApplyingOneCommandFails()
    {
        failNextAck = true; // the join's ack
        batch(sessionOpen(1, 1, "alice"), join(1, 1, "j", "r"), publish(1, 1, "p1", "r", "\"one\""));
        batch(publish(1, 1, "p2", "r", "\"two\""));

        assertEquals(List.of("\"one\"", "\"two\""), roomMessages(), "each publish applied once, the one after the failure included");
        assertEquals(4, logic.commandsApplied());
        assertEquals(1, errors.handlerExceptions());
    }

    @Test
    void shouldAnswerJournalUnavailableWhenTheJournalCouldNotTakeACommand()
    {
        batch(sessionOpen(1, 1, "alice"), join(1, 1, "j", "r"));
        delivered.clear();
        ring[(int)next] = new CommandEvent(new UnsafeBuffer(new byte[512])
        {
            private boolean failed;

            @Override
            public byte[] byteArray()
            {
                if (!failed) // the first to ask for the slot's array is the journal's append
                {
                    failed = true;
                    throw new IOError(new IOException("No space left on device"));
                }
                return super.byteArray();
            }
        });
        batch(publish(1, 1, "p1", "r", "\"lost\""));

        assertEquals(1, delivered.size(), delivered::toString);
        assertEquals(LinkType.ERROR, delivered.get(0).type());
        assertEquals(ErrorCode.JOURNAL_UNAVAILABLE.wireId(), delivered.get(0).errorWireId());
        assertEquals("p1", delivered.get(0).corrId());
        assertEquals(2, logic.commandsApplied(), "the publish was not applied");
        assertEquals(1, errors.skippedCommands());
    }

    @Test
    void shouldAnswerOutcomeUnknownForTheDocumentAndUnavailableAfterWhenACommitCannotBeToldApart()
    {
        batch(sessionOpen(1, 1, "alice"), join(1, 1, "j", "r"));
        delivered.clear();
        faults.failNextClose(FaultyAppender.Fault.AFTER_COMPLETING);
        faults.failReadBack();
        batch(publish(1, 1, "p1", "r", "\"maybe\""));
        batch(publish(1, 1, "p2", "r", "\"later\""));

        assertEquals(2, delivered.size(), delivered::toString);
        assertEquals(ErrorCode.JOURNAL_OUTCOME_UNKNOWN.wireId(), delivered.get(0).errorWireId(), "its document may be in the journal");
        assertEquals("p1", delivered.get(0).corrId());
        assertEquals(ErrorCode.JOURNAL_UNAVAILABLE.wireId(), delivered.get(1).errorWireId(), "the engine takes nothing more");
        assertEquals("p2", delivered.get(1).corrId());
        assertEquals(2, logic.commandsApplied(), "neither publish was applied");
        assertTrue(errors.journalStopped());
    }
}
