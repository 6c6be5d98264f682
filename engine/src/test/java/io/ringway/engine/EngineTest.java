package io.ringway.engine;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.LinkTestSupport.Event;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.engine.link.EngineLink;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.replay.JournalReplayer;
import io.ringway.engine.replay.ReplayResult;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import io.ringway.journal.snapshot.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.ringway.engine.LinkTestSupport.direct;
import static io.ringway.engine.LinkTestSupport.gatewayReset;
import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.publish;
import static io.ringway.engine.LinkTestSupport.sessionClose;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineTest
{
    /** Upper bound for waiting on an event that must come; never a performance assertion. */
    private static final long WAIT_SECONDS = 10;
    private static final int INBOX_LIMIT = EngineConfig.DEFAULT_INBOX_LIMIT; // the default: no ENGINE_SETTINGS ahead of the commands

    @TempDir
    Path dir;

    private final List<Engine> engines = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();

    @AfterEach
    void closeEngines()
    {
        for (final Engine engine : engines)
        {
            engine.close(); // idempotent
        }
    }

    private Engine start(final EngineConfig config)
    {
        final Engine engine = Engine.start(config);
        engines.add(engine);
        return engine;
    }

    private EngineConfig config()
    {
        return new EngineConfig(dir, 1024, 1024, IdleStrategyKind.BLOCKING, INBOX_LIMIT);
    }

    /** An in-process gateway that copies each event into a queue. */
    private class Gateway implements EngineEventListener
    {
        final int id;
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        /** Names of the threads the listener was called on. */
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        EngineLink link;

        Gateway(final Engine engine, final int id)
        {
            this(engine, id, OutboundDelivery.RING);
        }

        Gateway(final Engine engine, final int id, final OutboundDelivery delivery)
        {
            this.id = id;
            this.link = engine.connectInProcess(id, this, delivery);
            assertEquals(id, link.gatewayId());
        }

        @Override
        public void onEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            threads.add(Thread.currentThread().getName());
            events.add(Event.decode(id, buffer, offset, length));
        }

        void send(final byte[] command)
        {
            // The command sits at a non-zero offset in a buffer that is reused right after offer returns.
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[command.length + 8]);
            buffer.putBytes(5, command);
            assertTrue(link.offer(buffer, 5, command.length), "offer accepted");
            buffer.setMemory(0, buffer.capacity(), (byte)0);
            sent.add(command);
        }

        /** For a tiny ring: an offer may be refused until the engine catches up, as a gateway would retry. */
        void sendRetrying(final byte[] command)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(command);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!link.offer(buffer, 0, command.length))
            {
                assertTrue(System.nanoTime() < deadline, "offer accepted within the wait bound");
                Thread.onSpinWait();
            }
            sent.add(command);
        }

        Event next() throws InterruptedException
        {
            final Event event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(event, "an event for gateway " + id);
            return event;
        }
    }

    private static ReplayResult replayOffline(final EngineConfig config)
    {
        try (Journal journal = Journal.openForReading(config.journalDirectory()))
        {
            return new JournalReplayer(new BusinessLogic(OutboundSink.DISCARD, config.inboxLimit(), config.roomLimits(), config.history()), Long.MAX_VALUE).replay(journal);
        }
    }

    private record Record(long sequence, long timestampMs, byte[] command)
    {
    }

    private static List<Record> readJournal(final Path journalDirectory)
    {
        final List<Record> records = new ArrayList<>();
        try (Journal journal = Journal.openForReading(journalDirectory); JournalReader reader = journal.reader())
        {
            reader.poll((sequence, timestampMs, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                records.add(new Record(sequence, timestampMs, bytes));
            }, Integer.MAX_VALUE);
        }
        return records;
    }

    private static void assertAck(final Event event, final long sessionId, final long seq, final String corrId)
    {
        assertEquals(LinkType.ACK, event.type(), event::toString);
        assertEquals(sessionId, event.sessionId(), event::toString);
        assertEquals(seq, event.seq(), event::toString);
        assertEquals(corrId, event.corrId(), event::toString);
    }

    private static void assertRoomMessage(final Event event, final long seq, final String from, final String data, final long... recipients)
    {
        assertEquals(LinkType.ROOM_MESSAGE, event.type(), event::toString);
        assertEquals(seq, event.seq(), event::toString);
        assertEquals(from, event.from(), event::toString);
        assertEquals(data, event.data(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    private static void assertPresence(final Event event, final int kind, final String room, final String user, final long... recipients)
    {
        assertEquals(LinkType.ROOM_PRESENCE, event.type(), event::toString);
        assertEquals(kind, event.kind(), event::toString);
        assertEquals(room, event.room(), event::toString);
        assertEquals(user, event.user(), event::toString);
        assertArrayEquals(recipients, event.recipients(), event::toString);
    }

    /** Sends the opening conversation and checks its replies: 3 publishes to "lobby" by alice and bob. */
    private void runFirstConversation(final Gateway gateway) throws InterruptedException
    {
        gateway.send(gatewayReset(1));
        gateway.send(sessionOpen(1, 1, "alice"));
        gateway.send(sessionOpen(1, 2, "bob"));
        gateway.send(join(1, 1, "j1", "lobby"));
        gateway.send(join(1, 2, "j2", "lobby"));
        gateway.send(publish(1, 1, "p1", "lobby", "\"one\""));
        gateway.send(publish(1, 2, "p2", "lobby", "\"two\""));
        gateway.send(publish(1, 1, "p3", "lobby", "\"three\""));

        assertAck(gateway.next(), 1, LinkEventEncoder.NO_SEQ, "j1");
        assertPresence(gateway.next(), LinkEventEncoder.PRESENCE_JOIN, "lobby", "bob", 1);
        assertAck(gateway.next(), 2, LinkEventEncoder.NO_SEQ, "j2");
        assertRoomMessage(gateway.next(), 1, "alice", "\"one\"", 1, 2);
        assertAck(gateway.next(), 1, 1, "p1");
        assertRoomMessage(gateway.next(), 2, "bob", "\"two\"", 1, 2);
        assertAck(gateway.next(), 2, 2, "p2");
        assertRoomMessage(gateway.next(), 3, "alice", "\"three\"", 1, 2);
        assertAck(gateway.next(), 1, 3, "p3");
    }

    @Test
    void shouldJournalApplyAndReplyWhenCommandsAreOffered() throws InterruptedException
    {
        journalApplyAndReply(EngineConfig.defaults(dir)); // BACKOFF idle strategy, full-size rings, two engine threads
    }

    @Test
    void shouldJournalApplyAndReplyTheSameWhenOneThreadJournalsThenApplies() throws InterruptedException
    {
        final EngineConfig defaults = EngineConfig.defaults(dir);
        journalApplyAndReply(new EngineConfig(dir, defaults.inboundRingSize(), defaults.outboundRingSize(), IdleStrategyKind.BLOCKING,
            defaults.inboxLimit(), 0, 0, 1));
    }

    @Test
    void shouldDeliverTheSameEventsOnTheLogicThreadWhenOutboundDeliveryIsDirect() throws InterruptedException
    {
        final Gateway gateway = journalApplyAndReply(EngineConfig.defaults(dir), OutboundDelivery.DIRECT);

        assertEquals(Set.of("ringway-logic"), gateway.threads, "no dispatcher thread in between");
    }

    @Test
    void shouldMakeEveryEngineThreadWithTheGivenFactoryWhenOneIsGiven() throws InterruptedException
    {
        final Set<String> made = ConcurrentHashMap.newKeySet();
        final Engine engine = Engine.start(EngineConfig.defaults(dir), (task, name) ->
        {
            made.add(name);
            return new EmbedderThread(task, name);
        });
        engines.add(engine);
        final Set<Boolean> onEmbedderThread = ConcurrentHashMap.newKeySet();
        final Gateway gateway = new Gateway(engine, 1)
        {
            @Override
            public void onEvent(final DirectBuffer buffer, final int offset, final int length)
            {
                onEmbedderThread.add(Thread.currentThread() instanceof EmbedderThread);
                super.onEvent(buffer, offset, length);
            }
        };

        runFirstConversation(gateway);

        assertEquals(Set.of("ringway-journaller", "ringway-logic", "ringway-history", "ringway-journal-pretoucher", "ringway-outbound-gw1"), made);
        assertEquals(Set.of(true), onEmbedderThread, "the RING dispatcher thread came from the factory too");
    }

    @Test
    void shouldStartNoPretoucherThreadWhenJournalPretouchIsOff() throws InterruptedException
    {
        final Set<String> made = ConcurrentHashMap.newKeySet();
        final Engine engine = Engine.start(EngineConfig.defaults(dir).withJournalPretouch(false), (task, name) ->
        {
            made.add(name);
            return new Thread(task, name);
        });
        engines.add(engine);

        runFirstConversation(new Gateway(engine, 1));

        assertFalse(made.contains("ringway-journal-pretoucher"), "made: " + made);
        assertTrue(made.contains("ringway-logic"), "the engine itself still runs: " + made);
    }

    private static final class EmbedderThread extends Thread
    {
        EmbedderThread(final Runnable task, final String name)
        {
            super(task, name);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldFinishTheCommandAndKeepApplyingWhenADirectListenerThrowsInTheMiddleOfItsEvents(final boolean anError)
        throws InterruptedException
    {
        final Engine engine = start(EngineConfig.defaults(dir));
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicBoolean thrown = new java.util.concurrent.atomic.AtomicBoolean();
        final EngineLink link = engine.connectInProcess(1, (buffer, offset, length) ->
        {
            // the first publish's room message: its history entry and its ack come after it, in the same command
            if (LinkHeader.type(buffer, offset) == LinkType.ROOM_MESSAGE
                && thrown.compareAndSet(false, true))
            {
                if (anError)
                {
                    throw new OutOfMemoryError("Direct buffer memory"); // what a gateway out of direct memory throws
                }
                throw new IllegalStateException("the gateway failed on its first room message");
            }
            events.add(Event.decode(1, buffer, offset, length));
        }, OutboundDelivery.DIRECT);
        for (final byte[] command : List.of(gatewayReset(1), sessionOpen(1, 1, "alice"), join(1, 1, "j1", "lobby"),
            publish(1, 1, "p1", "lobby", "\"one\""), publish(1, 1, "p2", "lobby", "\"two\"")))
        {
            assertTrue(link.offer(new UnsafeBuffer(command), 0, command.length));
        }

        assertAck(events.poll(WAIT_SECONDS, TimeUnit.SECONDS), 1, LinkEventEncoder.NO_SEQ, "j1");
        // p1's room message was lost to the throwing listener; the rest of p1 still happened (its ack), then p2
        assertAck(events.poll(WAIT_SECONDS, TimeUnit.SECONDS), 1, 1, "p1");
        assertRoomMessage(events.poll(WAIT_SECONDS, TimeUnit.SECONDS), 2, "alice", "\"two\"", 1);
        assertAck(events.poll(WAIT_SECONDS, TimeUnit.SECONDS), 1, 2, "p2");
        engine.close();
        assertEquals(1, engine.errors().handlerExceptions());
        assertEquals(5, engine.status().snapshot().appliedSequence());
    }

    private void journalApplyAndReply(final EngineConfig config) throws InterruptedException
    {
        journalApplyAndReply(config, OutboundDelivery.RING);
    }

    private Gateway journalApplyAndReply(final EngineConfig config, final OutboundDelivery delivery) throws InterruptedException
    {
        final Engine engine = start(config);
        assertEquals(new ReplayResult(0, 0, 0, 0), engine.recovery());
        final Gateway gateway = new Gateway(engine, 1, delivery);

        runFirstConversation(gateway);
        engine.close();

        assertNull(gateway.events.poll(), "no further events");
        final EngineStatus.Snapshot status = engine.status().snapshot();
        assertEquals(sent.size(), status.appliedSequence());
        assertEquals(sent.size(), status.commandsApplied());
        assertEquals(0, engine.errors().journalFailures());
        assertEquals(0, engine.errors().skippedCommands());
        assertEquals(0, engine.errors().handlerExceptions());

        final ReplayResult replay = replayOffline(config);
        assertEquals(sent.size(), replay.commands());
        assertEquals(sent.size(), replay.lastSequence());
        assertEquals(status.digest(), replay.digest(), "offline replay reproduces the live output");

        final List<Record> records = readJournal(config.journalDirectory());
        assertEquals(sent.size(), records.size());
        for (int i = 0; i < records.size(); i++)
        {
            assertEquals(i + 1, records.get(i).sequence());
            assertArrayEquals(sent.get(i), records.get(i).command(), "journaled command " + i);
            if (i > 0)
            {
                assertTrue(records.get(i).timestampMs() >= records.get(i - 1).timestampMs(), "timestamps never go backwards");
            }
        }
        assertEquals(records.get(records.size() - 1).timestampMs(), replay.lastTimestampMs());
        return gateway;
    }

    @Test
    void shouldWriteSnapshotsAsCommandsApplyAndOnCloseThenStartFromTheNewestWhenRestarted() throws InterruptedException
    {
        final EngineConfig config = config().withSnapshots(new SnapshotConfig(true, 3, 2));
        final Engine first = start(config);
        runFirstConversation(new Gateway(first, 1));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (first.snapshotsWritten() == 0)
        {
            assertTrue(System.nanoTime() < deadline, "a snapshot is written once 3 commands are applied");
            Thread.sleep(1);
        }
        assertTrue(first.lastSnapshotSequence() >= 3, "at a command boundary at least 3 commands in");
        first.close();
        final EngineStatus.Snapshot before = first.status().snapshot();
        assertEquals(sent.size(), first.lastSnapshotSequence(), "a snapshot of the final state on close");
        final SnapshotStore store = new SnapshotStore(config.snapshotDirectory(), 2);
        assertTrue(store.newestFirst().size() <= 2, "keep 2: " + store.newestFirst());
        assertEquals(config.snapshotDirectory().resolve(String.format("snapshot-%020d.bin", sent.size())), store.newestFirst().get(0));
        assertEquals(0, first.errors().snapshotFailures());

        final Engine second = start(config);
        assertEquals(sent.size(), second.recoverySnapshotSequence());
        assertEquals(new ReplayResult(0, sent.size(), readJournal(config.journalDirectory()).get(sent.size() - 1).timestampMs(),
            before.digest()), second.recovery(), "nothing after the snapshot to replay");
        assertEquals(before, second.status().snapshot(), "same sequence, digest and commands applied as before the restart");

        final Gateway gateway = new Gateway(second, 1);
        gateway.send(gatewayReset(1));
        gateway.send(sessionOpen(1, 7, "alice"));
        gateway.send(join(1, 7, "j", "lobby"));
        gateway.send(publish(1, 7, "p4", "lobby", "\"four\""));
        assertPresence(gateway.next(), LinkEventEncoder.PRESENCE_OFFLINE, "lobby", "alice", 2);
        assertAck(gateway.next(), 7, LinkEventEncoder.NO_SEQ, "j");
        assertRoomMessage(gateway.next(), 4, "alice", "\"four\"", 7);
        assertAck(gateway.next(), 7, 4, "p4");
        second.close();

        final ReplayResult replay = replayOffline(config);
        assertEquals(sent.size(), replay.commands());
        assertEquals(second.status().snapshot().digest(), replay.digest(), "snapshot + tail = full replay");
        assertEquals(sent.size(), second.lastSnapshotSequence());
    }

    @Test
    void shouldWriteNoSnapshotWhenSnapshotsAreOff() throws InterruptedException
    {
        final Engine engine = start(config());
        runFirstConversation(new Gateway(engine, 1));
        engine.close();
        assertEquals(0, engine.lastSnapshotSequence());
        assertFalse(java.nio.file.Files.exists(config().snapshotDirectory()));
    }

    @Test
    void shouldRecoverStateAndContinueSequencesWhenRestartedOnSameDirectory() throws InterruptedException
    {
        final EngineConfig config = config();
        final Engine first = start(config);
        runFirstConversation(new Gateway(first, 1));
        first.close();
        final int firstCount = sent.size();
        final EngineStatus.Snapshot before = first.status().snapshot();

        final Engine second = start(config);
        final ReplayResult recovery = second.recovery();
        assertEquals(firstCount, recovery.commands());
        assertEquals(firstCount, recovery.lastSequence());
        assertEquals(before.digest(), recovery.digest());
        assertEquals(new EngineStatus.Snapshot(firstCount, before.digest(), firstCount), second.status().snapshot());

        final Gateway gateway = new Gateway(second, 1);
        gateway.send(gatewayReset(1));
        gateway.send(sessionOpen(1, 7, "alice"));
        gateway.send(join(1, 7, "j", "lobby"));
        gateway.send(publish(1, 7, "p4", "lobby", "\"four\""));
        // The reset closes alice's session, then bob's: bob's (gone) session hears alice go offline. Both stay
        // members of the lobby, so alice's join is no membership change and nobody is left to see her come online.
        assertPresence(gateway.next(), LinkEventEncoder.PRESENCE_OFFLINE, "lobby", "alice", 2);
        assertAck(gateway.next(), 7, LinkEventEncoder.NO_SEQ, "j");
        assertRoomMessage(gateway.next(), 4, "alice", "\"four\"", 7);
        assertAck(gateway.next(), 7, 4, "p4");
        second.close();

        final EngineStatus.Snapshot after = second.status().snapshot();
        assertEquals(sent.size(), after.appliedSequence());
        assertEquals(sent.size(), after.commandsApplied());
        final ReplayResult replay = replayOffline(config);
        assertEquals(sent.size(), replay.commands());
        assertEquals(after.digest(), replay.digest());

        final List<Record> records = readJournal(config.journalDirectory());
        assertEquals(sent.size(), records.size());
        for (int i = 0; i < records.size(); i++)
        {
            assertEquals(i + 1, records.get(i).sequence(), "journal sequence continues across the restart");
            assertArrayEquals(sent.get(i), records.get(i).command());
        }
        assertTrue(records.get(firstCount).timestampMs() >= records.get(firstCount - 1).timestampMs());
    }

    @Test
    void shouldNameTheGatewaysWithOpenSessionsWhenItRecovers() throws InterruptedException
    {
        final EngineConfig config = config();
        final Engine first = start(config);
        final Gateway one = new Gateway(first, 1);
        final Gateway three = new Gateway(first, 3);
        final Gateway five = new Gateway(first, 5);
        one.send(sessionOpen(1, 1, "alice"));
        three.send(sessionOpen(3, 1, "bob"));
        five.send(sessionOpen(5, 1, "carol"));
        five.send(sessionClose(5, 1)); // gateway 5 has no session left
        five.send(join(5, 9, "j", "lobby")); // answered unauthenticated: a barrier, everything before it is applied
        five.next();
        assertEquals(0, first.recoveredGatewayIds().length, "a new journal recovers nobody");
        first.close();

        final Engine second = start(config);
        assertArrayEquals(new int[] {1, 3}, second.recoveredGatewayIds());
    }

    @Test
    void shouldRouteEachEventToTheGatewayItIsFor() throws InterruptedException
    {
        final Engine engine = start(config());
        final Gateway one = new Gateway(engine, 1);
        final Gateway two = new Gateway(engine, 2);

        one.send(gatewayReset(1));
        two.send(gatewayReset(2));
        one.send(sessionOpen(1, 1, "alice"));
        two.send(sessionOpen(2, 1, "bob"));
        two.send(sessionOpen(2, 2, "carol"));
        one.send(join(1, 1, "a", "r"));
        assertAck(one.next(), 1, LinkEventEncoder.NO_SEQ, "a");
        two.send(join(2, 2, "c", "r"));
        assertAck(two.next(), 2, LinkEventEncoder.NO_SEQ, "c");
        assertPresence(one.next(), LinkEventEncoder.PRESENCE_JOIN, "r", "carol", 1);
        two.send(join(2, 1, "b", "r"));
        assertPresence(one.next(), LinkEventEncoder.PRESENCE_JOIN, "r", "bob", 1);
        assertPresence(two.next(), LinkEventEncoder.PRESENCE_JOIN, "r", "bob", 2);
        assertAck(two.next(), 1, LinkEventEncoder.NO_SEQ, "b");

        one.send(publish(1, 1, "p", "r", "\"hi\""));
        assertRoomMessage(one.next(), 1, "alice", "\"hi\"", 1);
        assertAck(one.next(), 1, 1, "p");
        assertRoomMessage(two.next(), 1, "alice", "\"hi\"", 2, 1);

        two.send(direct(2, 1, "d", "alice", "\"psst\""));
        final Event direct = one.next();
        assertEquals(LinkType.DIRECT_MESSAGE, direct.type(), direct::toString);
        assertArrayEquals(new long[]{1}, direct.recipients());
        assertEquals("bob", direct.from());
        assertAck(two.next(), 1, LinkEventEncoder.NO_SEQ, "d");

        two.send(publish(2, 9, "x", "r", "1"));
        final Event error = two.next();
        assertEquals(LinkType.ERROR, error.type(), error::toString);
        assertEquals(ErrorCode.UNAUTHENTICATED.wireId(), error.errorWireId());

        engine.close();
        assertNull(one.events.poll());
        assertNull(two.events.poll());
    }

    @Test
    void shouldDropEventsForADetachedGatewayAndDeliverAgainWhenItReattaches() throws InterruptedException
    {
        final Engine engine = start(config());
        final Gateway one = new Gateway(engine, 1);
        final Gateway two = new Gateway(engine, 2);
        one.send(sessionOpen(1, 1, "alice"));
        one.send(join(1, 1, "", "r"));
        assertAck(one.next(), 1, LinkEventEncoder.NO_SEQ, "");
        two.send(sessionOpen(2, 1, "bob"));
        two.send(join(2, 1, "", "r"));
        assertAck(two.next(), 1, LinkEventEncoder.NO_SEQ, "");
        assertPresence(one.next(), LinkEventEncoder.PRESENCE_JOIN, "r", "bob", 1);

        one.link.close();
        one.link.close(); // closing twice is harmless
        two.send(publish(2, 1, "p1", "r", "\"while away\""));
        assertRoomMessage(two.next(), 1, "bob", "\"while away\"", 1);
        assertAck(two.next(), 1, 1, "p1"); // applied: gateway 1's copy was dropped before this ack was emitted

        final Gateway again = new Gateway(engine, 1);
        two.send(publish(2, 1, "p2", "r", "\"back\""));
        assertRoomMessage(again.next(), 2, "bob", "\"back\"", 1);
        assertRoomMessage(two.next(), 2, "bob", "\"back\"", 1);
        assertAck(two.next(), 1, 2, "p2");

        engine.close();
        assertNull(one.events.poll(), "nothing reached the detached listener");
        assertNull(again.events.poll());
    }

    @Test
    void shouldRejectInvalidOrDuplicateGatewayIdWhenConnecting()
    {
        final Engine engine = start(config());
        final EngineEventListener listener = (buffer, offset, length) -> { };
        assertThrows(IllegalArgumentException.class, () -> engine.connectInProcess(0, listener));
        assertThrows(IllegalArgumentException.class, () -> engine.connectInProcess(-1, listener));
        assertThrows(IllegalArgumentException.class, () -> engine.connectInProcess(0x10000, listener));
        final EngineLink link = engine.connectInProcess(0xFFFF, listener);
        assertThrows(IllegalStateException.class, () -> engine.connectInProcess(0xFFFF, listener));
        link.close();
        engine.connectInProcess(0xFFFF, listener).close();
    }

    @Test
    void shouldReturnFalseFromOfferWhenInboundRingIsFullAndAcceptAgainOnceDrained() throws InterruptedException
    {
        // Outbound ring of 1 and a listener held on its first event: the business-logic thread blocks on its
        // second event, so the 4-slot inbound ring must fill up.
        final EngineConfig config = new EngineConfig(dir, 4, 1, IdleStrategyKind.BLOCKING, INBOX_LIMIT);
        final Engine engine = start(config);
        final CountDownLatch release = new CountDownLatch(1);
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final EngineLink link = engine.connectInProcess(1, (buffer, offset, length) ->
        {
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            events.add(Event.decode(1, buffer, offset, length));
        });

        int accepted = 0;
        boolean refused = false;
        try
        {
            final byte[] open = sessionOpen(1, 1, "alice");
            assertTrue(link.offer(new UnsafeBuffer(open), 0, open.length));
            for (int i = 0; i < 64 && !refused; i++)
            {
                final byte[] command = join(1, 1, "j" + accepted, "room" + accepted);
                if (link.offer(new UnsafeBuffer(command), 0, command.length))
                {
                    accepted++;
                }
                else
                {
                    refused = true;
                }
            }
        }
        finally
        {
            release.countDown();
        }
        assertTrue(refused, "offer must refuse once the ring is full");
        assertTrue(accepted >= 1 && accepted <= 8, "accepted " + accepted);

        for (int i = 0; i < accepted; i++)
        {
            final Event event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(event);
            assertAck(event, 1, LinkEventEncoder.NO_SEQ, "j" + i);
        }

        // Everything accepted has been handled; the ring drains and takes commands again.
        final byte[] late = join(1, 1, "late", "late-room");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        boolean offered;
        while (!(offered = link.offer(new UnsafeBuffer(late), 0, late.length)) && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertTrue(offered, "offer accepted again after the ring drained");
        final Event lateAck = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(lateAck);
        assertAck(lateAck, 1, LinkEventEncoder.NO_SEQ, "late");

        engine.close();
        assertEquals(1 + accepted + 1, engine.status().snapshot().appliedSequence(), "refused commands were never journaled");
        assertEquals(1 + accepted + 1, readJournal(config.journalDirectory()).size());
    }

    @Test
    void shouldNotJournalAnythingWhenOfferedBytesAreOutsideTheBuffer() throws InterruptedException
    {
        final EngineConfig config = new EngineConfig(dir, 4, 1024, IdleStrategyKind.BLOCKING, INBOX_LIMIT);
        final Engine engine = start(config);
        final Gateway gateway = new Gateway(engine, 1);
        // Fill every slot of the 4-slot ring once, and more: each slot then holds an old, valid command.
        gateway.sendRetrying(gatewayReset(1));
        gateway.sendRetrying(sessionOpen(1, 1, "alice"));
        gateway.sendRetrying(join(1, 1, "j", "r"));
        gateway.sendRetrying(publish(1, 1, "p1", "r", "1"));
        gateway.sendRetrying(publish(1, 1, "p2", "r", "2"));
        gateway.sendRetrying(publish(1, 1, "p3", "r", "3"));
        assertAck(gateway.next(), 1, LinkEventEncoder.NO_SEQ, "j");
        for (int seq = 1; seq <= 3; seq++)
        {
            assertRoomMessage(gateway.next(), seq, "alice", String.valueOf(seq), 1);
            assertAck(gateway.next(), 1, seq, "p" + seq);
        }

        final UnsafeBuffer small = new UnsafeBuffer(new byte[16]);
        assertThrows(IndexOutOfBoundsException.class, () -> gateway.link.offer(small, 0, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> gateway.link.offer(small, 10, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> gateway.link.offer(small, -1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> gateway.link.offer(small, 0, -1));

        // The ring still works, and nothing was slipped in for the failed offers.
        gateway.sendRetrying(publish(1, 1, "p4", "r", "4"));
        assertRoomMessage(gateway.next(), 4, "alice", "4", 1);
        assertAck(gateway.next(), 1, 4, "p4");
        engine.close();

        assertNull(gateway.events.poll(), "no event from a stale ring slot");
        assertEquals(sent.size(), engine.status().snapshot().appliedSequence());
        final List<Record> records = readJournal(config.journalDirectory());
        assertEquals(sent.size(), records.size());
        for (int i = 0; i < records.size(); i++)
        {
            assertArrayEquals(sent.get(i), records.get(i).command(), "journaled command " + i);
        }
    }

    @Test
    void shouldJournalAndCountMalformedCommandWithoutStoppingTheEngine() throws InterruptedException
    {
        final EngineConfig config = config();
        final Engine engine = start(config);
        final Gateway gateway = new Gateway(engine, 1);
        gateway.send(new byte[]{1, 2, 3, 4, 5});
        gateway.send(new byte[0]);
        gateway.send(sessionOpen(1, 1, "alice"));
        gateway.send(join(1, 1, "j", "r"));
        assertAck(gateway.next(), 1, LinkEventEncoder.NO_SEQ, "j");
        engine.close();

        assertEquals(4, engine.status().snapshot().appliedSequence());
        assertEquals(0, engine.errors().handlerExceptions());
        final List<Record> records = readJournal(config.journalDirectory());
        assertEquals(4, records.size());
        assertEquals(0, records.get(1).command().length);
        final ReplayResult replay = replayOffline(config);
        assertEquals(engine.status().snapshot().digest(), replay.digest());
    }

    @Test
    void shouldCarryLargeCommandsThroughRingAndJournal() throws InterruptedException
    {
        final EngineConfig defaults = config();
        // a data limit above the 200 kB message: this is about the ring and the journal, not the engine's limit
        final EngineConfig config = new EngineConfig(defaults.dataDirectory(), defaults.inboundRingSize(), defaults.outboundRingSize(),
            defaults.idleStrategy(), defaults.inboxLimit(), defaults.backoffSpinNs(), defaults.backoffYieldNs(), defaults.engineThreads(),
            new RoomLimits(RoomLimits.DEFAULT_MAX_ROOMS_PER_SESSION, RoomLimits.DEFAULT_MAX_GROUP_MEMBERS, 1 << 20))
            .withHistory(new HistoryConfig(100, HistoryConfig.DEFAULTS.dedupeWindowMs())); // 100 of 1 MiB: what a room's log may hold
        final Engine engine = start(config);
        final Gateway gateway = new Gateway(engine, 1);
        final String big = "\"" + "x".repeat(200_000) + "\"";
        gateway.send(sessionOpen(1, 1, "alice"));
        gateway.send(join(1, 1, "j", "r"));
        gateway.send(publish(1, 1, "big", "r", big));
        gateway.send(publish(1, 1, "small", "r", "1"));
        assertAck(gateway.next(), 1, LinkEventEncoder.NO_SEQ, "j");
        final Event message = gateway.next();
        assertRoomMessage(message, 1, "alice", big, 1);
        assertAck(gateway.next(), 1, 1, "big");
        assertRoomMessage(gateway.next(), 2, "alice", "1", 1);
        assertAck(gateway.next(), 1, 2, "small");
        engine.close();

        assertEquals(replayOffline(config).digest(), engine.status().snapshot().digest());
        assertNotEquals(0L, engine.status().snapshot().digest());
        assertFalse(readJournal(config.journalDirectory()).isEmpty());
    }
}
