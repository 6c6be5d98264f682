package io.ringway.engine.logic;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.Engine;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.HistoryConfig;
import io.ringway.engine.SnapshotConfig;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.link.OutboundDelivery;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History pages older than memory, answered by the engine's history reader: from the newest snapshot
 * taken before the page's oldest message (then only the journal after it), or from the whole journal;
 * the same page either way. Room {@code r} keeps 2 messages (the engine journals that as ENGINE_SETTINGS, sequence 1);
 * alice opens (2) and joins (3), then publishes m1..m12, message mN at journal sequence 3 + N, each command in its
 * own ring batch (every command waits for its ack), so with a snapshot every 4 commands there are snapshots at
 * sequences 4, 8, 12 and 16.
 */
class HistoryFromSnapshotTest
{
    private static final long WAIT_S = 10;

    @TempDir
    Path dir;

    private final BlockingQueue<RoomHistoryTest.Seen> events = new LinkedBlockingQueue<>();
    private Engine engine;
    private EngineLink link;

    @AfterEach
    void stop()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    private void start(final boolean snapshots)
    {
        EngineConfig config = EngineConfig.defaults(dir).withHistory(new HistoryConfig(2, 60_000));
        if (snapshots)
        {
            config = config.withSnapshots(new SnapshotConfig(true, 4, 50));
        }
        this.snapshots = snapshots;
        engine = Engine.start(config);
        link = engine.connectInProcess(1, (buffer, offset, length) -> events.add(RoomHistoryTest.decode(buffer, offset, length)));
    }

    private void send(final byte[] command)
    {
        assertTrue(link.offer(new UnsafeBuffer(command), 0, command.length));
    }

    private RoomHistoryTest.Seen next(final int type) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline)
        {
            final RoomHistoryTest.Seen event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.type() == type)
            {
                return event;
            }
        }
        throw new AssertionError("no " + LinkType.name(type) + " within " + WAIT_S + " s");
    }

    private boolean snapshots;

    /**
     * A snapshot due while the writer is busy would be skipped: wait for each one, so the ones the test needs exist.
     * Waits for the engine to count it written, not for its file: the file appears (renamed into place) before the
     * writer has pruned and let go, and a command sent in that gap would find the writer busy.
     */
    private void awaitSnapshot(final long sequence) throws InterruptedException
    {
        final Path snapshot = dir.resolve("snapshots").resolve(String.format("snapshot-%020d.bin", sequence));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (engine.lastSnapshotSequence() < sequence && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(sequence, engine.lastSnapshotSequence(), "snapshot at sequence " + sequence);
        assertTrue(Files.exists(snapshot), "snapshot file at sequence " + sequence);
    }

    private void publishTwelve() throws InterruptedException
    {
        // Sequence 1 is the engine's own ENGINE_SETTINGS (2 messages per room, not the default): no reset needed before alice.
        send(sessionOpen(1, 1, "alice"));
        send(join(1, 1, "\"j\"", "r"));
        next(LinkType.ACK);
        for (int i = 1; i <= 12; i++)
        {
            send(publish(1, 1, "\"p" + i + "\"", "r", "\"m" + i + "\""));
            assertEquals(i, next(LinkType.ACK).seq());
            if (snapshots && (3 + i) % 4 == 0)
            {
                awaitSnapshot(3 + i);
            }
        }
    }

    private List<String> page(final long before, final int limit) throws InterruptedException
    {
        send(RoomHistoryTest.historyCommandOn(1, LinkType.HISTORY, 1, "\"h\"", "r", null, before, 0, limit, 0, null));
        final RoomHistoryTest.Seen reply = next(LinkType.HISTORY_REPLY);
        assertNotNull(reply);
        return reply.entries();
    }

    @Test
    void shouldRebuildAnOldPageFromTheNewestSnapshotTakenBeforeItsOldestMessage() throws Exception
    {
        start(true);
        publishTwelve();

        // m8..m10: the snapshot at 8 (room seq 5) comes before m8; the one at 12 (room seq 9) does not.
        assertEquals(List.of("10:alice:\"m10\":13", "9:alice:\"m9\":12", "8:alice:\"m8\":11"), page(11, 3));
        assertEquals(1, engine.historyReader().pagesFromSnapshot());

        // m1, m2: no snapshot comes before m1 (the first is at its sequence), so the whole journal.
        assertEquals(List.of("2:alice:\"m2\":5", "1:alice:\"m1\":4"), page(3, 2));
        assertEquals(1, engine.historyReader().pagesFromSnapshot());
    }

    @Test
    void shouldCutAPageFromTheJournalAtTheReplyByteBudgetWhenItsMessagesAreLarge() throws Exception
    {
        start(false);
        send(sessionOpen(1, 1, "alice"));
        send(join(1, 1, "\"j\"", "r"));
        next(LinkType.ACK);
        final String big = "\"" + "x".repeat(60_000) + "\"";
        for (int i = 1; i <= 40; i++)
        {
            send(publish(1, 1, "\"p" + i + "\"", "r", big));
            assertEquals(i, next(LinkType.ACK).seq());
        }
        final int perPage = 17; // the most 60 KB messages 1 MiB holds

        send(RoomHistoryTest.historyCommandOn(1, LinkType.HISTORY, 1, "\"h\"", "r", null, 39, 0, 500, 0, null));
        RoomHistoryTest.Seen reply = next(LinkType.HISTORY_REPLY); // 1..38, older than the 2 kept: from the journal
        assertEquals(perPage, reply.entries().size());
        assertTrue(reply.entries().get(0).startsWith("38:alice:"), reply.entries().get(0).substring(0, 20));
        assertTrue(reply.entries().get(perPage - 1).startsWith((38 - perPage + 1) + ":alice:"));
        assertEquals(LinkEventEncoder.HISTORY_MORE, reply.flags() & LinkEventEncoder.HISTORY_MORE);

        send(RoomHistoryTest.historyCommandOn(1, LinkType.HISTORY, 1, "\"h\"", "r", null, 0, 0, 500,
            LinkCommandEncoder.HISTORY_AFTER | LinkCommandEncoder.HISTORY_OLDEST_FIRST, null));
        reply = next(LinkType.HISTORY_REPLY);
        assertEquals(perPage, reply.entries().size());
        assertTrue(reply.entries().get(0).startsWith("1:alice:"), "after 0: from the oldest, cut at the far end");
        assertEquals(LinkEventEncoder.HISTORY_MORE, reply.flags() & LinkEventEncoder.HISTORY_MORE);
    }

    @Test
    void shouldAnswerTheNextPageFromTheJournalWhenTheGatewayFailedWithAnErrorOnThePreviousOne() throws Exception
    {
        final AtomicBoolean failed = new AtomicBoolean();
        engine = Engine.start(EngineConfig.defaults(dir).withHistory(new HistoryConfig(2, 60_000)));
        link = engine.connectInProcess(1, (buffer, offset, length) ->
        {
            // the first page the history reader serves: the gateway runs out of direct memory encoding it
            if (LinkHeader.type(buffer, offset) == LinkType.HISTORY_REPLY && failed.compareAndSet(false, true))
            {
                throw new OutOfMemoryError("Direct buffer memory");
            }
            events.add(RoomHistoryTest.decode(buffer, offset, length));
        }, OutboundDelivery.DIRECT);
        publishTwelve();

        send(RoomHistoryTest.historyCommandOn(1, LinkType.HISTORY, 1, "\"h1\"", "r", null, 3, 0, 2, 0, null));
        send(RoomHistoryTest.historyCommandOn(1, LinkType.HISTORY, 1, "\"h2\"", "r", null, 5, 0, 2, 0, null));
        final RoomHistoryTest.Seen second = next(LinkType.HISTORY_REPLY); // the reader's thread is still there to answer it
        assertTrue(failed.get());
        assertEquals(List.of("4:alice:\"m4\":7", "3:alice:\"m3\":6"), second.entries());
    }

    @Test
    void shouldAnswerTheSamePagesFromTheWholeJournalWithoutSnapshots() throws Exception
    {
        start(false);
        publishTwelve();

        assertEquals(List.of("10:alice:\"m10\":13", "9:alice:\"m9\":12", "8:alice:\"m8\":11"), page(11, 3));
        assertEquals(List.of("2:alice:\"m2\":5", "1:alice:\"m1\":4"), page(3, 2));
        assertEquals(0, engine.historyReader().pagesFromSnapshot());
    }
}
