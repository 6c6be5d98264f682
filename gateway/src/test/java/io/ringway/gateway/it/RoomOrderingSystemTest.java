package io.ringway.gateway.it;

import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.it.TcpTestClient.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.Json.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-room sequencing under concurrency: several publishers in several rooms at once, and every
 * member (WebSocket and TCP) sees the same gap-free order.
 */
class RoomOrderingSystemTest
{
    private static final int PUBLISHERS = 3;
    private static final int LOBBY_PER_PUBLISHER = 200;
    private static final int SIDE_PER_PUBLISHER = 50;
    private static final int LOBBY_TOTAL = PUBLISHERS * LOBBY_PER_PUBLISHER;
    private static final int SIDE_TOTAL = PUBLISHERS * SIDE_PER_PUBLISHER;

    @TempDir
    Path dataDir;

    private RingwayServer server;
    private final HttpClient http = SystemTestSupport.newHttpClient();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private ExecutorService executor;

    @AfterEach
    void stop() throws Exception
    {
        if (executor != null)
        {
            executor.shutdownNow();
        }
        for (final AutoCloseable client : clients)
        {
            client.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    /** What one member saw in a room: seq, sender and the sender's counter, in arrival order. */
    private record Seen(long seq, String from, String tag)
    {
    }

    /** With the dispatcher on its own thread (RING) and on the business-logic thread (DIRECT): the same guarantees. */
    @ParameterizedTest
    @EnumSource(OutboundDelivery.class)
    void shouldGiveEveryMemberTheSameGapFreeSequencePerRoomWithConcurrentPublishers(final OutboundDelivery delivery) throws Exception
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig(), delivery);
        final List<WsTestClient> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++)
        {
            final WsTestClient client = WsTestClient.connect(http,
                WsTestClient.uri(server.gateway().httpAddress(), "client_id=pub" + p));
            clients.add(client);
            client.join("lobby", "j1");
            client.join("side", "j2");
            publishers.add(client);
        }
        final TcpTestClient listener = TcpTestClient.connect(server.gateway().tcpAddress());
        clients.add(listener);
        listener.sendJson(TcpTestClient.HELLO, "{\"user\":\"listener\"}");
        assertEquals(TcpTestClient.HELLO, listener.read().type());
        listener.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");
        assertEquals(TcpTestClient.ACK, listener.read().type());
        listener.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"side\",\"id\":\"2\"}");
        assertEquals(TcpTestClient.ACK, listener.read().type());

        executor = Executors.newFixedThreadPool(PUBLISHERS * 2 + 1);
        final List<Future<?>> sends = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++)
        {
            final WsTestClient client = publishers.get(p);
            final String name = "pub" + p;
            sends.add(executor.submit(() ->
            {
                for (int i = 0; i < LOBBY_PER_PUBLISHER; i++)
                {
                    final String tag = name + "-" + i;
                    client.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"" + tag + "\",\"data\":{\"tag\":\"" + tag + "\"}}");
                    if (i % 4 == 0)
                    {
                        final String sideTag = name + "-side-" + i / 4;
                        client.send("{\"type\":\"message\",\"room\":\"side\",\"id\":\"" + sideTag + "\",\"data\":{\"tag\":\"" + sideTag + "\"}}");
                    }
                }
            }));
        }

        final List<Future<Map<String, Object>>> results = new ArrayList<>();
        for (final WsTestClient client : publishers)
        {
            results.add(executor.submit(() -> collect(client)));
        }
        final Future<Map<String, List<Seen>>> tcpResult = executor.submit(() -> collect(listener));
        for (final Future<?> send : sends)
        {
            send.get(60, TimeUnit.SECONDS);
        }

        final Map<String, List<Seen>> reference = tcpResult.get(60, TimeUnit.SECONDS);
        assertGapFreeAndFifoPerSender(reference.get("lobby"), LOBBY_TOTAL);
        assertGapFreeAndFifoPerSender(reference.get("side"), SIDE_TOTAL);

        final Map<String, Long> ackedSeqByTag = new HashMap<>();
        for (int p = 0; p < PUBLISHERS; p++)
        {
            final Map<String, Object> result = results.get(p).get(60, TimeUnit.SECONDS);
            @SuppressWarnings("unchecked")
            final Map<String, List<Seen>> seen = (Map<String, List<Seen>>)result.get("seen");
            assertEquals(reference.get("lobby"), seen.get("lobby"), "pub" + p + " sees the lobby in the same order as the TCP member");
            assertEquals(reference.get("side"), seen.get("side"), "pub" + p + " sees the side room in the same order");
            @SuppressWarnings("unchecked")
            final Map<String, Long> acks = (Map<String, Long>)result.get("acks");
            ackedSeqByTag.putAll(acks);
        }

        // every publish was acknowledged with the seq its message carries
        assertEquals(LOBBY_TOTAL + SIDE_TOTAL, ackedSeqByTag.size());
        for (final String room : List.of("lobby", "side"))
        {
            for (final Seen seen : reference.get(room))
            {
                assertEquals(seen.seq(), ackedSeqByTag.get(seen.tag()), "ack of " + seen.tag());
            }
        }
    }

    private static void assertGapFreeAndFifoPerSender(final List<Seen> messages, final int expected)
    {
        assertEquals(expected, messages.size());
        final Map<String, Integer> lastBySender = new HashMap<>();
        for (int i = 0; i < messages.size(); i++)
        {
            final Seen seen = messages.get(i);
            assertEquals(i + 1, seen.seq(), "seq starts at 1 and has no gaps");
            assertTrue(seen.tag().startsWith(seen.from() + "-"), seen.toString());
            final int counter = Integer.parseInt(seen.tag().substring(seen.tag().lastIndexOf('-') + 1));
            final Integer previous = lastBySender.put(seen.from() + (seen.tag().contains("-side-") ? "-side" : ""), counter);
            assertTrue(previous == null || previous < counter, "one sender's publishes keep their order: " + seen);
        }
    }

    /** A publisher's view: the room messages it got and the acks of its own publishes. */
    private static Map<String, Object> collect(final WsTestClient client)
    {
        final Map<String, List<Seen>> seen = new HashMap<>(Map.of("lobby", new ArrayList<>(), "side", new ArrayList<>()));
        final Map<String, Long> acks = new HashMap<>();
        final int ownPublishes = LOBBY_PER_PUBLISHER + SIDE_PER_PUBLISHER;
        while (seen.get("lobby").size() < LOBBY_TOTAL || seen.get("side").size() < SIDE_TOTAL || acks.size() < ownPublishes)
        {
            final Map<String, Object> json = client.next();
            switch ((String)json.get("type"))
            {
                case "ack":
                    acks.put((String)json.get("id"), longValue(json, "seq"));
                    break;
                case "message":
                    seen.get((String)json.get("room")).add(seen(json));
                    break;
                case "join":
                    break; // the members who joined after this one, before the traffic
                default:
                    throw new AssertionError("unexpected " + json);
            }
        }
        return Map.of("seen", seen, "acks", acks);
    }

    private static Map<String, List<Seen>> collect(final TcpTestClient client)
    {
        final Map<String, List<Seen>> seen = new HashMap<>(Map.of("lobby", new ArrayList<>(), "side", new ArrayList<>()));
        while (seen.get("lobby").size() < LOBBY_TOTAL || seen.get("side").size() < SIDE_TOTAL)
        {
            final Frame frame = client.read();
            assertEquals(TcpTestClient.MESSAGE, frame.type(), frame.toString());
            final Map<String, Object> json = frame.json();
            seen.get((String)json.get("room")).add(seen(json));
        }
        return seen;
    }

    private static Seen seen(final Map<String, Object> message)
    {
        return new Seen(longValue(message, "seq"), (String)message.get("from"), (String)map(message.get("data")).get("tag"));
    }
}
