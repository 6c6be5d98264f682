package io.ringway.gateway.it;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.HistoryConfig;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.engine.IdleStrategyKind;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.it.TcpTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.Json.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message lifecycle and resume with real clients: edits and deletes seen live and in history, a
 * retried publish delivered once, and a client cut off as a slow consumer that joins again with
 * {@code since} and gets every message it missed, in order, then the live ones, with no gap and no
 * duplicate at the seam.
 */
class HistorySystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;

    private RingwayServer start(final int historyPerRoom, final GatewayConfig gateway)
    {
        return start(historyPerRoom, RoomLimits.DEFAULT_MAX_MESSAGE_BYTES, gateway);
    }

    /** @param maxMessageBytes lower than the default to keep many messages per room: a room's log holds at most 512 MiB */
    private RingwayServer start(final int historyPerRoom, final int maxMessageBytes, final GatewayConfig gateway)
    {
        final EngineConfig engine = new EngineConfig(dataDir, SystemTestSupport.RING_SIZE, SystemTestSupport.RING_SIZE,
            IdleStrategyKind.BACKOFF, EngineConfig.DEFAULT_INBOX_LIMIT, EngineConfig.DEFAULT_BACKOFF_SPIN_NS,
            EngineConfig.DEFAULT_BACKOFF_YIELD_NS, EngineConfig.DEFAULT_ENGINE_THREADS, new HistoryConfig(historyPerRoom, 60_000))
            .withRoomLimits(new RoomLimits(RoomLimits.DEFAULT_MAX_ROOMS_PER_SESSION, RoomLimits.DEFAULT_MAX_GROUP_MEMBERS, maxMessageBytes));
        return RingwayServer.start(engine, gateway);
    }

    private WsTestClient wsAs(final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=" + user));
        clients.add(client);
        return client;
    }

    @Test
    void shouldShowEditsAndDeletesLiveAndInHistoryWhenTheAuthorChangesItsMessages()
    {
        server = start(100, SystemTestSupport.gatewayConfig());
        final WsTestClient alice = wsAs("alice");
        final WsTestClient bob = wsAs("bob");
        alice.join("lobby", "a");
        bob.join("lobby", "b");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p1\",\"data\":{\"text\":\"helo\"}}");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p2\",\"data\":{\"text\":\"oops\"}}");
        assertEquals(2, longValue(alice.awaitReply("p2"), "seq"));
        final Map<String, Object> first = bob.awaitType("message");
        assertEquals(1, longValue(first, "seq"));
        assertTrue(longValue(first, "msg_id") > 0, first::toString);

        bob.send("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":1,\"id\":\"e0\",\"data\":{\"text\":\"mine now\"}}");
        assertEquals("not_author", Json.errorCode(bob.awaitReply("e0")));
        alice.send("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":1,\"id\":\"e1\",\"data\":{\"text\":\"hello\"}}");
        assertEquals(1, longValue(alice.awaitReply("e1"), "seq"));
        final Map<String, Object> edit = bob.awaitType("edit");
        assertEquals(1, longValue(edit, "seq"));
        assertEquals(longValue(first, "msg_id"), longValue(edit, "msg_id"));
        assertEquals("hello", map(edit.get("data")).get("text"));
        assertTrue(edit.containsKey("edited_ts"), edit::toString);

        alice.send("{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":2,\"id\":\"d1\"}");
        assertEquals("ack", alice.awaitReply("d1").get("type"));
        final Map<String, Object> delete = bob.awaitType("delete");
        assertEquals(2, longValue(delete, "seq"));
        assertFalse(delete.containsKey("data"), delete::toString);

        bob.send("{\"type\":\"history\",\"room\":\"lobby\",\"id\":\"h\",\"limit\":10}");
        final Map<String, Object> history = bob.await(json -> "h".equals(json.get("id")), "the history reply");
        assertEquals("history", history.get("type"));
        @SuppressWarnings("unchecked")
        final List<Object> messages = (List<Object>)history.get("messages");
        assertEquals(2, messages.size(), history::toString);
        final Map<String, Object> newest = map(messages.get(0));
        assertEquals(2, longValue(newest, "seq"));
        assertEquals(Boolean.TRUE, newest.get("deleted"));
        final Map<String, Object> oldest = map(messages.get(1));
        assertEquals("hello", map(oldest.get("data")).get("text"));
        assertEquals("alice", oldest.get("from"));
        assertTrue(oldest.containsKey("edited_ts"), oldest::toString);
    }

    @Test
    void shouldServeMessagesThatFellOutOfMemoryFromTheJournalWithTheirEditsAndTombstones()
    {
        server = start(5, SystemTestSupport.gatewayConfig());
        final WsTestClient alice = wsAs("alice");
        final WsTestClient bob = wsAs("bob");
        alice.join("lobby", "a");
        bob.join("lobby", "b");
        for (int i = 1; i <= 3; i++)
        {
            alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p" + i + "\",\"data\":" + i + "}");
        }
        assertEquals(3, longValue(alice.awaitReply("p3"), "seq"));
        alice.send("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":2,\"id\":\"e\",\"data\":\"two, edited\"}");
        alice.send("{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":3,\"id\":\"d\"}");
        bob.send("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":1,\"id\":\"x\",\"data\":\"refused\"}");
        assertEquals("not_author", Json.errorCode(bob.awaitReply("x")));
        assertEquals("ack", alice.awaitReply("d").get("type"));
        for (int i = 4; i <= 12; i++) // 5 kept in memory: 8..12; 1..7 only in the journal
        {
            alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p" + i + "\",\"data\":" + i + "}");
        }
        assertEquals(12, longValue(alice.awaitReply("p12"), "seq"));
        alice.send("{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":2,\"id\":\"late\",\"data\":\"too late\"}");
        assertEquals("history_unavailable", Json.errorCode(alice.awaitReply("late")));

        bob.send("{\"type\":\"history\",\"room\":\"lobby\",\"id\":\"old\",\"after\":0,\"limit\":9}");
        final Map<String, Object> history = bob.await(json -> "old".equals(json.get("id")), "the history reply");
        @SuppressWarnings("unchecked")
        final List<Object> messages = (List<Object>)history.get("messages");
        assertEquals(9, messages.size(), history::toString);
        for (int k = 0; k < 9; k++)
        {
            final Map<String, Object> message = map(messages.get(k));
            assertEquals(k + 1, longValue(message, "seq"), history::toString);
            assertEquals("alice", message.get("from"));
            assertTrue(longValue(message, "msg_id") > 0);
        }
        assertEquals("two, edited", map(messages.get(1)).get("data"));
        assertTrue(map(messages.get(1)).containsKey("edited_ts"));
        assertEquals(Boolean.TRUE, map(messages.get(2)).get("deleted"));
        assertEquals(1L, longValue(map(messages.get(0)), "data"));
        assertEquals(Boolean.TRUE, history.get("more"));
        assertEquals(8, longValue(history, "oldest"));
        assertEquals(12, longValue(history, "seq"));

        bob.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"r\",\"since\":2}");
        final Map<String, Object> tooOld = bob.awaitReply("r");
        assertEquals(Boolean.FALSE, tooOld.get("recovered"));
        assertEquals("too_old", tooOld.get("reason"));
    }

    @Test
    void shouldDeliverARetriedPublishOnceAndAckItWithTheSameSeq()
    {
        server = start(100, SystemTestSupport.gatewayConfig());
        final WsTestClient alice = wsAs("alice");
        final WsTestClient bob = wsAs("bob");
        alice.join("lobby", "a");
        bob.join("lobby", "b");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"1\",\"client_msg_id\":\"m-1\",\"data\":\"once\"}");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"2\",\"client_msg_id\":\"m-1\",\"data\":\"once\"}");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"3\",\"client_msg_id\":\"m-2\",\"data\":\"twice\"}");
        assertEquals(1, longValue(alice.awaitReply("1"), "seq"));
        assertEquals(1, longValue(alice.awaitReply("2"), "seq"));
        assertEquals(2, longValue(alice.awaitReply("3"), "seq"));
        assertEquals("once", bob.awaitType("message").get("data"));
        final Map<String, Object> next = bob.awaitType("message");
        assertEquals(2, longValue(next, "seq"));
        assertEquals("twice", next.get("data"));
    }

    @Test
    void shouldResumeWithoutGapOrDuplicateWhenASlowConsumerJoinsAgainWithSince()
    {
        server = start(20_000, 8 * 1024, SystemTestSupport.gatewayConfig().withQueueLimits(64, 16, 256));
        final TcpTestClient publisher = tcpAs("publisher", -1);
        join(publisher, "{\"room\":\"busy\",\"id\":\"p\"}");
        final TcpTestClient slow = tcpAs("slow", 4096);
        join(slow, "{\"room\":\"busy\",\"id\":\"s\"}");
        // from here on the slow client reads nothing until the server has closed it

        final String pad = "x".repeat(1024);
        int published = 0;
        // Until the gateway gives up on the slow client: not until its connection is gone, which takes up to the farewell's
        // second more, every message of which would widen the gap past what one join sends back
        while (server.gateway().slowConsumerCloses() == 0)
        {
            assertTrue(published < 30_000, "the slow client was not closed");
            published = publishWindow(publisher, published, 64, pad);
        }
        published = publishWindow(publisher, published, 8, pad); // published while the slow client is away

        long lastSeen = 0;
        for (final Frame frame : TcpTestClient.parseFrames(slow.readUntilClosed()))
        {
            if (frame.type() == TcpTestClient.MESSAGE)
            {
                assertEquals(lastSeen + 1, longValue(frame.json(), "seq"), "before the close: in order, no gap");
                lastSeen++;
            }
        }
        assertTrue(lastSeen < published, "the slow client missed messages: " + lastSeen + " of " + published);

        final TcpTestClient resumed = tcpAs("slow", -1);
        resumed.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"busy\",\"id\":\"r\",\"since\":" + lastSeen + "}");
        final List<Long> seqs = new ArrayList<>();
        Map<String, Object> ack = null;
        while (seqs.size() < published - lastSeen || ack == null)
        {
            final Frame frame = resumed.read();
            if (frame.type() == TcpTestClient.ACK)
            {
                ack = frame.json();
            }
            else if (frame.type() == TcpTestClient.MESSAGE)
            {
                seqs.add(longValue(frame.json(), "seq"));
            }
        }
        assertEquals(Boolean.TRUE, ack.get("recovered"), ack::toString);
        assertEquals(published, longValue(ack, "seq"));
        assertEquals(published - lastSeen, longValue(ack, "backlog"));
        published = publishWindow(publisher, published, 4, pad); // live, after the backlog
        while (seqs.size() < published - lastSeen)
        {
            final Frame frame = resumed.read();
            if (frame.type() == TcpTestClient.MESSAGE)
            {
                seqs.add(longValue(frame.json(), "seq"));
            }
        }
        for (int i = 0; i < seqs.size(); i++)
        {
            assertEquals(lastSeen + 1 + i, seqs.get(i), "after the resume: every seq once, in order");
        }
    }

    private TcpTestClient tcpAs(final String user, final int receiveBuffer)
    {
        final TcpTestClient client = TcpTestClient.connect(server.gateway().tcpAddress(), receiveBuffer);
        clients.add(client);
        client.sendJson(TcpTestClient.HELLO, "{\"user\":\"" + user + "\"}");
        assertEquals(TcpTestClient.HELLO, client.read().type());
        return client;
    }

    private static void join(final TcpTestClient client, final String payload)
    {
        client.sendJson(TcpTestClient.JOIN_ROOM, payload);
        assertEquals(TcpTestClient.ACK, client.readType(TcpTestClient.ACK, new ArrayList<>()).type());
    }

    /** {@code count} publishes in one write, then their acks (the publisher's own copies are read and dropped). */
    private static int publishWindow(final TcpTestClient publisher, final int published, final int count, final String pad)
    {
        final java.io.ByteArrayOutputStream window = new java.io.ByteArrayOutputStream();
        for (int i = published + 1; i <= published + count; i++)
        {
            window.writeBytes(TcpTestClient.jsonFrame(TcpTestClient.MESSAGE,
                "{\"room\":\"busy\",\"id\":" + i + ",\"data\":{\"i\":" + i + ",\"pad\":\"" + pad + "\"}}"));
        }
        publisher.send(window.toByteArray());
        for (int i = published + 1; i <= published + count; i++)
        {
            while (true)
            {
                final Frame frame = publisher.read();
                if (frame.type() == TcpTestClient.ACK && longValue(frame.json(), "id") == i)
                {
                    assertEquals(i, longValue(frame.json(), "seq"));
                    break;
                }
            }
        }
        return published + count;
    }
}
