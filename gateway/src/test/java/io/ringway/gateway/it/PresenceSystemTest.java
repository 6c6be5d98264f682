package io.ringway.gateway.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.it.Json.errorCode;
import static io.ringway.gateway.it.Json.longValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence, join/leave and typing end to end: a live server on ephemeral ports, real RFC 6455 clients
 * (the JDK's) and a raw TCP client. Nothing here measures time; waits are for messages, with a generous timeout.
 */
class PresenceSystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;


    @BeforeEach
    void startServer()
    {
        server = SystemTestSupport.start(dataDir, SystemTestSupport.gatewayConfig());
    }

    private WsTestClient connectAs(final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=" + user));
        clients.add(client);
        return client;
    }

    /** Every command sent so far is applied: a barrier for engine-side effects of a close, which nothing acknowledges. */
    private long commandsApplied()
    {
        return server.engine().status().snapshot().commandsApplied();
    }

    private void awaitCommandsApplied(final long count)
    {
        SystemTestSupport.awaitCondition("engine applied " + count + " commands", () -> commandsApplied() >= count);
    }

    /**
     * Waits until every engine message sent to {@code client} before now has arrived: a message in a room
     * only it is in comes back after them (one session's messages keep engine order, and REALTIME drains
     * before STANDARD).
     */
    private static void barrier(final WsTestClient client, final String privateRoom, final String tag)
    {
        client.send("{\"type\":\"publish\",\"room\":\"" + privateRoom + "\",\"id\":\"" + tag + "\",\"data\":\"" + tag + "\"}");
        client.await(json -> "message".equals(json.get("type")) && tag.equals(json.get("data")), "barrier " + tag);
        client.awaitReply(tag);
    }

    private static Map<String, Object> awaitPresence(final WsTestClient client, final String user, final String status)
    {
        return client.await(json -> "presence".equals(json.get("type")) && user.equals(json.get("user")) &&
            status.equals(json.get("status")), user + " " + status);
    }

    /** Presence, join and leave events (not typing) about {@code user} among {@code received}, as "type[/status]" strings. */
    private static List<String> eventsAbout(final String user, final List<Map<String, Object>> received)
    {
        final List<String> events = new ArrayList<>();
        for (final Map<String, Object> json : received)
        {
            if (user.equals(json.get("user")) && !"typing".equals(json.get("type")))
            {
                events.add(json.get("type") + (json.containsKey("status") ? "/" + json.get("status") : ""));
            }
        }
        return events;
    }

    @Test
    void shouldSendBobExactlyOneOnlineAndOneOfflineWhenAliceOpensAndClosesTwoTabs()
    {
        final WsTestClient bob = connectAs("bob");
        bob.join("lobby", "b1");
        bob.join("bob-only", "b2");

        // alice becomes a member of the lobby, then goes away: a member, offline
        final WsTestClient first = connectAs("alice");
        first.join("lobby", "a1");
        final Map<String, Object> joined = bob.awaitType("join");
        assertEquals("alice", joined.get("user"));
        assertEquals("lobby", joined.get("room"));
        assertNull(joined.get("id"), "a join event has a user and no id: the client tells it from its own join's ack");
        first.close();
        awaitPresence(bob, "alice", "offline");

        barrier(bob, "bob-only", "sync-bob-0");
        bob.drainReceived();

        // two tabs: from here on, every presence, join or leave bob gets about alice is collected
        final List<String> aboutAlice = new ArrayList<>();
        final WsTestClient tab1 = connectAs("alice");
        final Map<String, Object> online = awaitPresence(bob, "alice", "online");
        aboutAlice.add("presence/online");
        assertEquals("lobby", online.get("room"));
        assertTrue(longValue(online, "ts") > 0);
        final WsTestClient tab2 = connectAs("alice");
        tab1.join("lobby", "t1");
        tab2.join("lobby", "t2");
        tab2.join("alice-tab2", "t3");

        // presence: who is in the lobby, in the order they became members
        bob.send("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"q1\"}");
        final Map<String, Object> reply = bob.await(json -> "q1".equals(json.get("id")), "presence reply");
        assertEquals(Map.of("type", "presence", "room", "lobby", "id", "q1",
            "members", List.of(Map.of("user", "bob", "connections", 1L), Map.of("user", "alice", "connections", 2L))), reply);

        // typing from tab1 reaches bob, not alice's other tab
        tab1.send("{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"start\"}");
        final Map<String, Object> typing = bob.awaitType("typing");
        assertEquals("alice", typing.get("user"));
        assertEquals("lobby", typing.get("room"));
        assertEquals("start", typing.get("state"));
        assertEquals(5000L, typing.get("expires_in_ms"));
        tab1.send("{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"stop\"}");
        final Map<String, Object> stopped = bob.awaitType("typing");
        assertEquals("stop", stopped.get("state"));
        assertFalse(stopped.containsKey("expires_in_ms"));
        barrier(tab2, "alice-tab2", "sync-tab2");
        assertTrue(tab2.drainReceived().stream().noneMatch(json -> "typing".equals(json.get("type"))),
            "the typist's own tabs do not get its typing");

        // closing one of two tabs is not offline; closing the last is
        final long beforeClose = commandsApplied();
        tab1.close();
        awaitCommandsApplied(beforeClose + 1);
        barrier(bob, "bob-only", "sync-bob-1");
        aboutAlice.addAll(eventsAbout("alice", bob.drainReceived()));
        assertEquals(List.of("presence/online"), aboutAlice, "closing one of two tabs is not offline");
        tab2.close();
        awaitPresence(bob, "alice", "offline");
        aboutAlice.add("presence/offline");
        barrier(bob, "bob-only", "sync-bob-2");
        aboutAlice.addAll(eventsAbout("alice", bob.drainReceived()));

        assertEquals(List.of("presence/online", "presence/offline"), aboutAlice, "two tabs opened and closed: one online, one offline");
    }

    @Test
    void shouldSendJoinAndLeaveToTheOtherMembersWhileTheJoinerGetsItsAck()
    {
        final WsTestClient bob = connectAs("bob");
        bob.join("lobby", "b1");
        final WsTestClient carol = connectAs("carol");

        carol.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"c1\"}");
        assertEquals(Map.of("type", "ack", "id", "c1"), carol.awaitReply("c1"));
        final Map<String, Object> join = bob.awaitType("join");
        assertEquals(List.of("type", "room", "user", "ts"), new ArrayList<>(join.keySet()));
        assertEquals("carol", join.get("user"));

        carol.send("{\"type\":\"leave\",\"room\":\"lobby\",\"id\":\"c2\"}");
        assertEquals("ack", carol.awaitReply("c2").get("type"));
        final Map<String, Object> leave = bob.awaitType("leave");
        assertEquals("carol", leave.get("user"));
        assertEquals("lobby", leave.get("room"));

        // carol is no member now: she may not ask who is there, nor type there
        carol.send("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"c3\"}");
        assertEquals("not_member", errorCode(carol.awaitReply("c3")));
        carol.send("{\"type\":\"typing\",\"room\":\"lobby\",\"id\":\"c4\"}");
        assertEquals("not_member", errorCode(carol.awaitReply("c4")));

        carol.join("carol-only", "c5");
        barrier(carol, "carol-only", "sync-carol");
        assertEquals(List.of(), eventsAbout("carol", carol.drainReceived()), "nobody is told about themself");
    }

    @Test
    void shouldCarryTypingAndPresenceInBinaryFramesOverTcp()
    {
        final WsTestClient bob = connectAs("bob");
        bob.join("lobby", "b1");
        final TcpTestClient dave = TcpTestClient.connect(server.gateway().tcpAddress());
        clients.add(dave);
        dave.sendJson(TcpTestClient.HELLO, "{\"user\":\"dave\"}");
        assertEquals(TcpTestClient.HELLO, dave.read().type());
        dave.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"d1\"}");
        assertEquals(TcpTestClient.ACK, dave.read().type());
        assertEquals("dave", bob.awaitType("join").get("user"));

        dave.sendJson(TcpTestClient.TYPING, "{\"room\":\"lobby\",\"state\":\"start\"}");
        final Map<String, Object> typing = bob.awaitType("typing");
        assertEquals("dave", typing.get("user"));
        assertEquals("start", typing.get("state"));

        bob.send("{\"type\":\"typing\",\"room\":\"lobby\"}");
        final TcpTestClient.Frame bobTyping = dave.read();
        assertEquals(TcpTestClient.TYPING, bobTyping.type());
        assertEquals("bob", bobTyping.json().get("user"));

        dave.sendJson(TcpTestClient.PRESENCE, "{\"room\":\"lobby\",\"id\":\"d2\"}");
        final TcpTestClient.Frame reply = dave.read();
        assertEquals(TcpTestClient.PRESENCE, reply.type());
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"d2\",\"members\":[" +
            "{\"user\":\"bob\",\"connections\":1},{\"user\":\"dave\",\"connections\":1}]}", reply.text());

        final WsTestClient erin = connectAs("erin");
        erin.join("lobby", "e1");
        final TcpTestClient.Frame join = dave.read();
        assertEquals(TcpTestClient.PRESENCE, join.type(), "join events come in PRESENCE frames");
        assertEquals("join", join.json().get("type"));
        assertEquals("erin", join.json().get("user"));
    }
}
