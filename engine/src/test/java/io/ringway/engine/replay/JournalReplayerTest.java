package io.ringway.engine.replay;

import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalAppender;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.engine.LinkTestSupport.direct;
import static io.ringway.engine.LinkTestSupport.gatewayReset;
import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionClose;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class JournalReplayerTest
{
    private static final long TS_MS = 1_700_000_000_000L;
    private static final int INBOX_LIMIT = 100;

    @TempDir
    Path dir;

    private static List<byte[]> commands()
    {
        return List.of(
            gatewayReset(1),
            sessionOpen(1, 1, "alice"),
            sessionOpen(1, 2, "bob"),
            join(1, 1, "j1", "lobby"),
            join(1, 2, "j2", "lobby"),
            publish(1, 1, "p1", "lobby", "\"one\""),
            direct(1, 2, "d1", "carol", "\"kept\""),
            publish(1, 2, "p2", "lobby", "\"two\""),
            sessionClose(1, 1),
            sessionOpen(1, 3, "carol"),
            publish(1, 2, "p3", "lobby", "\"three\""));
    }

    private static long timestampOf(final long sequence)
    {
        return TS_MS + sequence * 3;
    }

    /** Writes the commands with the given sequences (1..n when null). */
    private Path writeJournal(final List<byte[]> commands, final long[] sequences)
    {
        final Path path = dir.resolve("journal");
        try (Journal journal = Journal.open(path); JournalAppender appender = journal.appender())
        {
            for (int i = 0; i < commands.size(); i++)
            {
                final long sequence = sequences == null ? i + 1 : sequences[i];
                final byte[] command = commands.get(i);
                appender.append(sequence, timestampOf(sequence), new UnsafeBuffer(command), 0, command.length);
            }
        }
        return path;
    }

    private static ReplayResult replay(final Path path, final BusinessLogic logic, final long toSequence)
    {
        try (Journal journal = Journal.openForReading(path))
        {
            return new JournalReplayer(logic, toSequence).replay(journal);
        }
    }

    private static BusinessLogic applyDirectly(final List<byte[]> commands, final int count, final OutboundSink sink)
    {
        final BusinessLogic logic = new BusinessLogic(sink, INBOX_LIMIT);
        for (int i = 0; i < count; i++)
        {
            final byte[] command = commands.get(i);
            logic.apply(i + 1, timestampOf(i + 1), new UnsafeBuffer(command), 0, command.length);
        }
        return logic;
    }

    private static OutboundSink capturing(final List<byte[]> events)
    {
        return (gatewayId, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            events.add(bytes);
        };
    }

    @Test
    void shouldReplayWholeJournalAndReproduceTheOutputWhenToSequenceIsMaxValue()
    {
        final List<byte[]> commands = commands();
        final Path path = writeJournal(commands, null);

        final List<byte[]> replayed = new ArrayList<>();
        final BusinessLogic logic = new BusinessLogic(capturing(replayed), INBOX_LIMIT);
        final ReplayResult result = replay(path, logic, Long.MAX_VALUE);

        final List<byte[]> expected = new ArrayList<>();
        final BusinessLogic reference = applyDirectly(commands, commands.size(), capturing(expected));
        assertEquals(new ReplayResult(commands.size(), commands.size(), timestampOf(commands.size()), reference.digest()), result);
        assertEquals(commands.size(), logic.commandsApplied());
        assertEquals(expected.size(), replayed.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), replayed.get(i), "event " + i);
        }
        assertNotEquals(0L, result.digest());
    }

    @Test
    void shouldStopAfterToSequenceWhenReplayingPartOfTheJournal()
    {
        final List<byte[]> commands = commands();
        final Path path = writeJournal(commands, null);

        final BusinessLogic logic = new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT);
        final ReplayResult result = replay(path, logic, 6);

        final BusinessLogic reference = applyDirectly(commands, 6, OutboundSink.DISCARD);
        assertEquals(new ReplayResult(6, 6, timestampOf(6), reference.digest()), result);
        assertEquals(6, logic.commandsApplied());
        assertEquals(6, logic.lastAppliedSequence());
        assertNotEquals(replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), Long.MAX_VALUE).digest(), result.digest());
    }

    @Test
    void shouldGiveSameResultWhenReplayedTwice()
    {
        final Path path = writeJournal(commands(), null);

        final ReplayResult first = replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), Long.MAX_VALUE);
        final ReplayResult second = replay(path, new BusinessLogic(capturing(new ArrayList<>()), INBOX_LIMIT), Long.MAX_VALUE);
        assertEquals(first, second);
        assertEquals(first.digestHex(), second.digestHex());

        final ReplayResult partFirst = replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), 4);
        final ReplayResult partSecond = replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), 4);
        assertEquals(partFirst, partSecond);
    }

    @Test
    void shouldReplayNothingWhenToSequenceIsZero()
    {
        final Path path = writeJournal(commands(), null);
        final BusinessLogic logic = new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT);
        assertEquals(new ReplayResult(0, 0, 0, 0), replay(path, logic, 0));
        assertEquals(0, logic.commandsApplied());
    }

    @Test
    void shouldReplayNothingWhenJournalIsEmpty()
    {
        final Path path = writeJournal(List.of(), null);
        final ReplayResult result = replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), Long.MAX_VALUE);
        assertEquals(new ReplayResult(0, 0, 0, 0), result);
        assertEquals("0000000000000000", result.digestHex());
    }

    @Test
    void shouldReplayWholeJournalWhenToSequenceIsBeyondItsEnd()
    {
        final List<byte[]> commands = commands();
        final Path path = writeJournal(commands, null);
        final ReplayResult result = replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), commands.size() + 100L);
        assertEquals(commands.size(), result.commands());
        assertEquals(commands.size(), result.lastSequence());
        assertEquals(applyDirectly(commands, commands.size(), OutboundSink.DISCARD).digest(), result.digest());
    }

    @Test
    void shouldStopBeforeFirstSequenceAboveToSequenceWhenSequencesHaveGaps()
    {
        final List<byte[]> commands = commands().subList(0, 5);
        final Path path = writeJournal(commands, new long[]{10, 11, 20, 21, 22});

        final ReplayResult result = replay(path, new BusinessLogic(OutboundSink.DISCARD, INBOX_LIMIT), 15);
        assertEquals(2, result.commands());
        assertEquals(11, result.lastSequence());
        assertEquals(timestampOf(11), result.lastTimestampMs());
    }

    @Test
    void shouldFormatDigestAsHex()
    {
        final ReplayResult result = new ReplayResult(1, 1, 1, 0xABCDEFL);
        assertEquals(OutboundDigest.toHex(0xABCDEFL), result.digestHex());
        assertEquals("0000000000abcdef", result.digestHex());
    }
}
