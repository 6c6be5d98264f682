package io.ringway.engine;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.LogicSettings;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.engine.replay.JournalReplayer;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.journal.FaultyAppender;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.ringway.engine.LinkTestSupport.gatewayReset;
import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's settings are journaled: an engine whose limits are not the defaults journals ENGINE_SETTINGS before any
 * gateway's command, a restart with the same ones journals nothing more, and one with others journals them again. A
 * replay that starts from the defaults, with no flags, then computes the live engine's digest, including the answers
 * the non-default limits gave. Real engines on a real Chronicle journal.
 */
class EngineSettingsJournalTest
{
    private static final long WAIT_S = 10;

    @TempDir
    Path dir;

    /** One room per session, where the default allows 1,000: a second join is refused, which a replay must reproduce. */
    private EngineConfig oneRoomPerSession()
    {
        return EngineConfig.defaults(dir).withRoomLimits(new RoomLimits(1, RoomLimits.DEFAULT_MAX_GROUP_MEMBERS, RoomLimits.DEFAULT_MAX_MESSAGE_BYTES));
    }

    @Test
    void shouldJournalNonDefaultSettingsFirstSoThatAReplayWithoutFlagsComputesTheSameDigest() throws Exception
    {
        final Engine engine = Engine.start(oneRoomPerSession());
        try
        {
            final BlockingQueue<Integer> events = new LinkedBlockingQueue<>();
            final EngineLink link = engine.connectInProcess(1, (buffer, offset, length) -> events.add((int)buffer.getByte(offset + 5)));
            offer(link, gatewayReset(1));
            offer(link, sessionOpen(1, 1, "alice"));
            offer(link, join(1, 1, "\"j1\"", "first"));
            offer(link, join(1, 1, "\"j2\"", "second")); // too_many_rooms under the journaled limit, fine under the defaults
            assertEquals(LinkType.ACK, events.poll(WAIT_S, TimeUnit.SECONDS));
            assertEquals(LinkType.ERROR, events.poll(WAIT_S, TimeUnit.SECONDS), "the second join is refused");
        }
        finally
        {
            engine.close(); // drains: the status then holds the digest of everything applied
        }
        final long liveDigest = engine.status().snapshot().digest();

        final List<String> types = journalTypes();
        assertEquals(List.of("ENGINE_SETTINGS", "GATEWAY_RESET", "SESSION_OPEN", "JOIN", "JOIN"), types,
            "the settings first, before any gateway's command");

        final BusinessLogic replayed = new BusinessLogic(OutboundSink.DISCARD, LogicSettings.DEFAULTS);
        final ReplayResult replay;
        try (Journal journal = Journal.openForReading(dir.resolve("journal")))
        {
            replay = new JournalReplayer(replayed, Long.MAX_VALUE).replay(journal);
        }
        assertEquals(liveDigest, replay.digest(), "no flags: the journal says which limits each command met");
        assertEquals(1, replayed.settings().roomLimits().maxRoomsPerSession());
    }

    @Test
    void shouldJournalSettingsOnlyWhenARestartChangesThem() throws Exception
    {
        try (Engine engine = Engine.start(oneRoomPerSession()))
        {
            assertNotNull(engine);
        }
        try (Engine again = Engine.start(oneRoomPerSession()))
        {
            assertEquals(1, again.recovery().lastSequence(), "recovered the one ENGINE_SETTINGS");
        }
        assertEquals(List.of("ENGINE_SETTINGS"), journalTypes(), "the same settings: nothing more journaled");

        final long before;
        try (Engine defaults = Engine.start(EngineConfig.defaults(dir)))
        {
            before = defaults.recovery().digest();
            awaitApplied(defaults, 2);
        }
        assertEquals(List.of("ENGINE_SETTINGS", "ENGINE_SETTINGS"), journalTypes(), "back to the defaults: journaled again");
        try (Engine defaults = Engine.start(EngineConfig.defaults(dir)))
        {
            assertEquals(2, defaults.recovery().lastSequence());
            assertEquals(before, defaults.recovery().digest(), "settings change state, not output");
        }
        assertNotEquals(List.of(), journalTypes());
    }

    @Test
    void shouldNotStartWhenTheJournalRefusesItsSettings()
    {
        final FaultyAppender faults = new FaultyAppender();
        faults.failNextClose(FaultyAppender.Fault.BEFORE_COMPLETING); // the first commit: the ENGINE_SETTINGS document
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Engine.start(oneRoomPerSession(), directory -> Journal.openDecorated(directory, faults)));
        assertTrue(refused.getMessage().startsWith("the engine could not journal its settings (ENGINE_SETTINGS, sequence 1)"),
            refused.getMessage());

        // not left running under the recovered (default) settings, and not holding the journal: a retry starts
        try (Engine retried = Engine.start(oneRoomPerSession()))
        {
            assertEquals(0, retried.recovery().lastSequence(), "nothing of the failed start is in the journal");
        }
        assertEquals(List.of("ENGINE_SETTINGS"), journalTypes());
    }

    private static void offer(final EngineLink link, final byte[] command)
    {
        assertTrue(link.offer(new UnsafeBuffer(command), 0, command.length));
    }

    private static void awaitApplied(final Engine engine, final long sequence) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (engine.status().snapshot().appliedSequence() < sequence && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(sequence, engine.status().snapshot().appliedSequence());
    }

    private List<String> journalTypes()
    {
        final LinkCommandDecoder command = new LinkCommandDecoder();
        final List<String> types = new ArrayList<>();
        try (Journal journal = Journal.openForReading(dir.resolve("journal")); JournalReader reader = journal.reader())
        {
            while (reader.read((sequence, timestampMs, buffer, offset, length) ->
            {
                assertTrue(command.wrap(buffer, offset, length), "record " + sequence + " decodes");
                types.add(LinkType.name(command.type()));
            }))
            {
                // each record goes through the handler
            }
        }
        return types;
    }
}
