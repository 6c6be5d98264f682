package io.ringway.gateway.it;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkType;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.Json.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash test: the server runs as a child process ({@code RingwayMain server}), is killed with
 * SIGKILL while publishes are in flight, and is restarted on the same data directory. Every acknowledged publish must be in
 * the journal, room seqs must carry on after the highest one journaled, and a direct message kept
 * for an offline user must still be delivered, once.
 */
class CrashRecoverySystemTest extends ChildServerSystemTest
{
    private static final String ROOM = "crash";
    private static final int PUBLISHERS = 3;
    /** Acknowledged publishes to see before pulling the plug, so the kill lands mid-traffic. */
    private static final int ACKS_BEFORE_KILL = 150;
    /** Unacknowledged publishes per publisher. */
    private static final int IN_FLIGHT = 32;

    private WsTestClient connect(final ChildServer child, final String user)
    {
        return connect(child.httpAddress(), user);
    }

    private WsTestClient connect(final InetSocketAddress httpAddress, final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(httpAddress, "client_id=" + user));
        clients.add(client);
        return client;
    }

    @Test
    void shouldKeepEveryAcknowledgedPublishAndKeptDirectMessageAcrossKillMinus9() throws Exception
    {
        final long startNs = System.nanoTime();
        final ChildServer first = startChild();
        progress(startNs, "child server ready");

        // a direct message for a user who is not connected: kept in the engine
        final WsTestClient alice = connect(first, "alice");
        alice.send("{\"type\":\"message\",\"id\":\"z1\",\"data\":{\"to\":\"zoe\",\"text\":\"while you were out\"}}");
        assertEquals(Map.of("type", "ack", "id", "z1"), alice.awaitReply("z1"));

        // publishers hammer one room; each publish carries a unique tag
        final List<WsTestClient> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++)
        {
            final WsTestClient publisher = connect(first, "pub" + p);
            publisher.join(ROOM, "j");
            publishers.add(publisher);
        }
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Long> ackedSeqByTag = new HashMap<>();
        final AtomicIntegerArray ackedPerPublisher = new AtomicIntegerArray(PUBLISHERS);
        final List<Thread> senders = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++)
        {
            final WsTestClient publisher = publishers.get(p);
            final String name = "pub" + p;
            final int index = p;
            final Thread sender = new Thread(() ->
            {
                for (int i = 0; i < 1_000_000 && !stop.get(); i++)
                {
                    final String tag = name + "-" + i;
                    try
                    {
                        // a bounded number in flight: every member reads 3 messages per publish, and a member
                        // that falls too far behind is (rightly) closed as a slow consumer
                        while (i - ackedPerPublisher.get(index) >= IN_FLIGHT && !stop.get())
                        {
                            Thread.sleep(1);
                        }
                        publisher.webSocket().sendText(
                            "{\"type\":\"publish\",\"room\":\"" + ROOM + "\",\"id\":\"" + tag + "\",\"data\":{\"tag\":\"" + tag + "\"}}", true)
                            .get(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    catch (final Exception ex)
                    {
                        return; // the server is gone
                    }
                }
            }, "publisher-" + p);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }

        // follow the acks; once enough have come back, kill the server while publishes are still flowing
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ackedSeqByTag.size() < ACKS_BEFORE_KILL)
        {
            assertTrue(System.nanoTime() < deadline, "publishes were not acknowledged: " + ackedSeqByTag.size());
            collectAcks(publishers, ackedSeqByTag, ackedPerPublisher, java.time.Duration.ofMillis(10));
        }
        progress(startNs, ackedSeqByTag.size() + " publishes acknowledged, killing");
        assertTrue(senders.stream().allMatch(Thread::isAlive), "the publishers are still sending when the server dies");
        first.process.destroyForcibly(); // SIGKILL on Linux
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS), "the killed server did not exit");
        assertFalse(first.process.isAlive());
        final int exitCode = first.process.exitValue();
        assertNotEquals(0, exitCode);
        if (System.getProperty("os.name").toLowerCase().contains("linux"))
        {
            assertEquals(128 + 9, exitCode, "killed by SIGKILL");
        }
        stop.set(true);
        for (final Thread sender : senders)
        {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (final WsTestClient publisher : publishers)
        {
            publisher.awaitClose();
        }
        collectAcks(publishers, ackedSeqByTag, ackedPerPublisher, java.time.Duration.ZERO); // whatever arrived before the connections died
        final long maxAckedSeq = ackedSeqByTag.values().stream().mapToLong(Long::longValue).max().orElseThrow();

        // (b) every acknowledged publish is in the journal, at the position its seq says
        final List<String> journaledTags = new ArrayList<>();
        final long lastJournaledSequence = readJournal(journaledTags);
        for (final Map.Entry<String, Long> acked : ackedSeqByTag.entrySet())
        {
            final long seq = acked.getValue();
            assertTrue(seq <= journaledTags.size(), "acked seq " + seq + " beyond the journal (" + journaledTags.size() + ")");
            assertEquals(acked.getKey(), journaledTags.get((int)(seq - 1)), "publish journaled as the seq-th of the room");
        }
        assertTrue(journaledTags.size() >= ackedSeqByTag.size());
        assertEquals(journaledTags.size(), journaledTags.stream().distinct().count(), "no publish journaled twice");

        progress(startNs, "journal checked: " + journaledTags.size() + " publishes, " + ackedSeqByTag.size() + " acknowledged");
        // restart on the same data directory (in this JVM, to save a JVM start): recovery replays the whole journal
        restarted = SystemTestSupport.start(dataDir, SystemTestSupport.gatewayConfig());
        assertEquals(lastJournaledSequence, restarted.engine().recovery().lastSequence(), "recovered up to the last journaled command");
        assertEquals(lastJournaledSequence, restarted.engine().recovery().commands());
        final InetSocketAddress second = restarted.gateway().httpAddress();
        progress(startNs, "restarted");

        // (a) seq carries on after the highest journaled one
        final WsTestClient late = connect(second, "late");
        late.join(ROOM, "j");
        late.send("{\"type\":\"publish\",\"room\":\"" + ROOM + "\",\"id\":\"after\",\"data\":{\"tag\":\"after\"}}");
        final long seqAfter = longValue(late.awaitReply("after"), "seq");
        assertEquals(journaledTags.size() + 1, seqAfter);
        assertTrue(seqAfter > maxAckedSeq);
        final Map<String, Object> message = late.awaitType("message");
        assertEquals(seqAfter, longValue(message, "seq"));

        // (c) zoe gets the direct message kept for her, exactly once, and a second connection does not
        final WsTestClient zoe = connect(second, "zoe");
        final Map<String, Object> direct = zoe.next();
        assertEquals("message", direct.get("type"));
        assertEquals("alice", direct.get("from"));
        assertEquals("zoe", direct.get("to"));
        assertEquals("while you were out", map(direct.get("data")).get("text"));
        zoe.join("zoe-only", "j");
        zoe.send("{\"type\":\"publish\",\"room\":\"zoe-only\",\"id\":\"sync\",\"data\":\"sync\"}");
        zoe.await(json -> "sync".equals(json.get("data")), "own message");
        zoe.awaitReply("sync");
        assertEquals(List.of(), zoe.drainReceived(), "delivered once");
        final WsTestClient zoeAgain = connect(second, "zoe");
        zoeAgain.join("zoe-again", "j");
        zoeAgain.send("{\"type\":\"publish\",\"room\":\"zoe-again\",\"id\":\"sync\",\"data\":\"sync\"}");
        zoeAgain.await(json -> "sync".equals(json.get("data")), "own message");
        zoeAgain.awaitReply("sync");
        assertEquals(List.of(), zoeAgain.drainReceived(), "not delivered again to a later connection");

        final Map<String, Object> health = SystemTestSupport.health(http, second);
        assertEquals("UP", health.get("status"));
        assertEquals(lastJournaledSequence, longValue(health, "recoveredCommands"));
        assertEquals(0L, longValue(health, "journalFailures"));
        assertEquals(0L, longValue(health, "pretouchFailures"), "the recovered server's pretoucher reads its journal file");
    }

    private static void progress(final long startNs, final String what)
    {
        System.out.printf("crash test +%.1fs: %s%n", (System.nanoTime() - startNs) / 1e9, what);
    }

    /** Moves acks out of the publishers' queues; room messages are skipped. */
    private static void collectAcks(
        final List<WsTestClient> publishers, final Map<String, Long> ackedSeqByTag, final AtomicIntegerArray ackedPerPublisher,
        final java.time.Duration wait)
    {
        for (int p = 0; p < publishers.size(); p++)
        {
            final WsTestClient publisher = publishers.get(p);
            String text;
            while ((text = publisher.pollRaw(wait)) != null)
            {
                if (text.startsWith("{\"type\":\"ack\""))
                {
                    final Map<String, Object> ack = Json.object(text);
                    assertTrue(ackedSeqByTag.put((String)ack.get("id"), longValue(ack, "seq")) == null, "acked once: " + text);
                    ackedPerPublisher.incrementAndGet(p);
                }
                else if (text.startsWith("{\"type\":\"error\""))
                {
                    throw new AssertionError("publish refused: " + text);
                }
            }
        }
    }

    /**
     * Reads the journal the killed server left: collects the tags of PUBLISH commands to the room in
     * journal order, checks the engine sequence has no gaps, and returns the last sequence.
     */
    private long readJournal(final List<String> publishTags)
    {
        final LinkCommandDecoder command = new LinkCommandDecoder();
        final long[] last = {0};
        try (Journal journal = Journal.openForReading(dataDir.resolve("journal"));
            JournalReader reader = journal.reader())
        {
            while (reader.read((sequence, timestampMs, buffer, offset, length) ->
            {
                assertEquals(last[0] + 1, sequence, "journal sequences have no gaps");
                last[0] = sequence;
                assertTrue(command.wrap(buffer, offset, length), "journaled command " + sequence + " decodes");
                if (command.type() == LinkType.PUBLISH && ROOM.equals(command.name()))
                {
                    publishTags.add((String)Json.object(command.data()).get("tag"));
                }
            }))
            {
                // each record goes through the handler
            }
        }
        return last[0];
    }
}
