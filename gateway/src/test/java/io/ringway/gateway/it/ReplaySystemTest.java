package io.ringway.gateway.it;

import io.ringway.engine.EngineStatus;
import io.ringway.engine.HistoryConfig;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.engine.logic.OutboundDigest;
import io.ringway.gateway.RingwayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.SystemTestSupport.replay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Determinism end to end: after real traffic the offline replay ({@code ringway replay}) reproduces
 * the digest the running server reported on {@code /health}, and gives the same answer twice.
 */
class ReplaySystemTest
{
    @TempDir
    Path dataDir;

    private RingwayServer server;
    private final HttpClient http = SystemTestSupport.newHttpClient();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable client : clients)
        {
            client.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    private WsTestClient wsAs(final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=" + user));
        clients.add(client);
        return client;
    }

    /**
     * A server whose limits are not the defaults: one room per connection, 2 messages kept per room. The engine journals
     * them, so {@code ringway replay} with no flags meets the same refusals and keeps the same messages.
     */
    @Test
    void shouldReproduceTheDigestWithoutFlagsWhenTheServerRanWithOtherLimits()
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir)
                .withRoomLimits(new RoomLimits(1, RoomLimits.DEFAULT_MAX_GROUP_MEMBERS, RoomLimits.DEFAULT_MAX_MESSAGE_BYTES))
                .withHistory(new HistoryConfig(2, HistoryConfig.DEFAULT_DEDUPE_WINDOW_MS)),
            SystemTestSupport.gatewayConfig());
        final WsTestClient alice = wsAs("alice");
        alice.join("lobby", "1");
        alice.send("{\"type\":\"join\",\"room\":\"games\",\"id\":\"2\"}");
        assertEquals("too_many_rooms", ((Map<?, ?>)alice.await(json -> "2".equals(json.get("id")), "the second join's answer")
            .get("error")).get("code"), "one room per connection");
        for (int i = 1; i <= 3; i++)
        {
            alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p" + i + "\",\"data\":" + i + "}");
            alice.awaitReply("p" + i);
        }
        alice.send("{\"type\":\"history\",\"room\":\"lobby\",\"id\":\"h\"}");
        alice.await(json -> "h".equals(json.get("id")), "the history page");
        clients.forEach(client -> { try { client.close(); } catch (final Exception ex) { throw new AssertionError(ex); } });
        clients.clear();
        server.close();
        final EngineStatus.Snapshot atClose = server.engine().status().snapshot();
        server = null;

        final Map<String, String> replayed = replay("--data-dir", dataDir.toString());
        assertEquals(Long.toString(atClose.appliedSequence()), replayed.get("last_seq"));
        assertEquals(OutboundDigest.toHex(atClose.digest()), replayed.get("digest"),
            "the journal's ENGINE_SETTINGS stand in for the flags the server ran with");
    }

    @Test
    void shouldReproduceTheHealthDigestOfflineAndIdenticallyTwice()
    {
        server = SystemTestSupport.start(dataDir, SystemTestSupport.gatewayConfig());
        final WsTestClient alice = wsAs("alice");
        final WsTestClient bob = wsAs("bob");
        final TcpTestClient carol = TcpTestClient.connect(server.gateway().tcpAddress());
        clients.add(carol);
        carol.sendJson(TcpTestClient.HELLO, "{\"user\":\"carol\"}");
        assertEquals(TcpTestClient.HELLO, carol.read().type());

        alice.join("lobby", "1");
        bob.join("lobby", "2");
        bob.join("games", "3");
        carol.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"games\",\"id\":\"4\"}");
        assertEquals(TcpTestClient.ACK, carol.read().type());
        for (int i = 0; i < 20; i++)
        {
            alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"a" + i + "\",\"data\":{\"n\":" + i + "}}");
            bob.send("{\"type\":\"publish\",\"room\":\"games\",\"id\":\"b" + i + "\",\"data\":[" + i + "]}");
        }
        alice.send("{\"type\":\"message\",\"id\":\"d1\",\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}");
        alice.send("{\"type\":\"message\",\"id\":\"d2\",\"data\":{\"to\":\"offline-olga\",\"text\":\"later\"}}");
        alice.send("{\"type\":\"publish\",\"room\":\"games\",\"id\":\"e1\",\"data\":1}"); // not_member
        bob.send("{\"type\":\"leave\",\"room\":\"lobby\",\"id\":\"l1\"}");
        assertEquals("error", alice.awaitReply("e1").get("type"));
        assertEquals("ack", alice.awaitReply("d2").get("type"));
        assertEquals("ack", bob.awaitReply("l1").get("type"));
        assertEquals(20L, alice.awaitReply("a19").get("seq"));
        assertEquals(20L, bob.awaitReply("b19").get("seq"));

        // presence and typing: a second tab, a join, an offline, typing over JSON and TCP, presence queries
        final WsTestClient aliceTab2 = wsAs("alice");
        aliceTab2.join("lobby", "5");
        final WsTestClient dan = wsAs("dan");
        dan.join("lobby", "6");
        alice.await(json -> "join".equals(json.get("type")) && "dan".equals(json.get("user")), "dan joins");
        dan.close();
        alice.await(json -> "presence".equals(json.get("type")) && "dan".equals(json.get("user")) &&
            "offline".equals(json.get("status")), "dan offline");
        carol.sendJson(TcpTestClient.TYPING, "{\"room\":\"games\",\"state\":\"start\"}");
        assertEquals("carol", bob.awaitType("typing").get("user"));
        bob.send("{\"type\":\"presence\",\"room\":\"games\",\"id\":\"q1\"}");
        bob.await(json -> "q1".equals(json.get("id")), "presence reply q1");
        alice.send("{\"type\":\"typing\",\"room\":\"lobby\"}"); // reaches alice's other tab only: nothing is sent
        alice.send("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"q2\"}"); // same connection: applied after the typing
        assertEquals(List.of(Map.of("user", "alice", "connections", 2L), Map.of("user", "dan", "connections", 0L)),
            alice.await(json -> "q2".equals(json.get("id")), "presence reply q2").get("members"), "bob left; dan is offline");

        // once every command is acknowledged and nothing else is sent, health is a point in the journal
        final Map<String, Object> health = SystemTestSupport.health(http, server.gateway().httpAddress());
        final long healthSeq = longValue(health, "lastAppliedSeq");
        final String healthDigest = (String)health.get("digest");
        assertTrue(healthSeq >= 50, health.toString());

        for (final AutoCloseable client : clients)
        {
            try
            {
                client.close();
            }
            catch (final Exception ex)
            {
                throw new AssertionError(ex);
            }
        }
        clients.clear();
        server.close(); // closing sessions journals SESSION_CLOSE commands after healthSeq
        final EngineStatus.Snapshot atClose = server.engine().status().snapshot();
        server = null;
        assertTrue(atClose.appliedSequence() > healthSeq, "sessions closing on shutdown are journaled too");

        final Map<String, String> toHealth = replay("--data-dir", dataDir.toString(), "--to", Long.toString(healthSeq));
        final Map<String, String> toHealthAgain = replay("--data-dir", dataDir.toString(), "--to", Long.toString(healthSeq));
        assertEquals(Long.toString(healthSeq), toHealth.get("last_seq"));
        assertEquals(Long.toString(healthSeq), toHealth.get("commands"), "sequences start at 1 with no gaps");
        assertEquals(healthDigest, toHealth.get("digest"), "replay reproduces the digest /health reported");
        assertEquals(toHealth.get("digest"), toHealthAgain.get("digest"));
        assertEquals(toHealth.get("commands"), toHealthAgain.get("commands"));

        final Map<String, String> whole = replay("--data-dir", dataDir.toString());
        final Map<String, String> wholeAgain = replay("--data-dir", dataDir.toString());
        assertEquals(Long.toString(atClose.appliedSequence()), whole.get("last_seq"));
        assertEquals(OutboundDigest.toHex(atClose.digest()), whole.get("digest"), "the whole journal replays to the final state");
        assertEquals(whole.get("digest"), wholeAgain.get("digest"));
        assertEquals(whole.get("commands"), wholeAgain.get("commands"));

        // a restarted server recovers to the same point
        server = SystemTestSupport.start(dataDir, SystemTestSupport.gatewayConfig());
        assertEquals(atClose.appliedSequence(), server.engine().recovery().lastSequence());
        assertEquals(atClose.digest(), server.engine().recovery().digest());
    }

    private static Map<String, String> replay(final String... args)
    {
        return SystemTestSupport.replay(args);
    }
}
