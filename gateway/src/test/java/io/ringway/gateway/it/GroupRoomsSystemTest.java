package io.ringway.gateway.it;

import io.ringway.codec.frame.FrameType;
import io.ringway.engine.EngineConfig;
import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.engine.replay.JournalReplayer;
import io.ringway.journal.Journal;
import io.ringway.engine.logic.RoomLimits;
import io.ringway.gateway.RingwayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.it.Json.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groups and private rooms end to end: a live server on ephemeral ports and real RFC 6455 clients (the
 * JDK's). Nothing here measures time; waits are for messages, with a generous timeout.
 */
class GroupRoomsSystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;

    private void startServer(final RoomLimits limits)
    {
        final EngineConfig base = SystemTestSupport.engineConfig(dataDir);
        server = RingwayServer.start(new EngineConfig(base.dataDirectory(), base.inboundRingSize(), base.outboundRingSize(),
            base.idleStrategy(), base.inboxLimit(), base.backoffSpinNs(), base.backoffYieldNs(), base.engineThreads(), limits),
            SystemTestSupport.gatewayConfig());
    }

    /** A connection whose session the engine has opened: a round trip through the engine (a refused presence query) proves it. */
    private WsTestClient connectAs(final String user, final String tag)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=" + user));
        clients.add(client);
        client.send("{\"type\":\"presence\",\"room\":\"nowhere\",\"id\":\"" + tag + "\"}");
        assertEquals("not_member", errorCode(client.awaitReply(tag)));
        return client;
    }

    private static Map<String, Object> command(final WsTestClient client, final String json, final String id)
    {
        client.send(json.substring(0, json.length() - 1) + ",\"id\":\"" + id + "\"}");
        return client.awaitReply(id);
    }

    private static void assertAck(final Map<String, Object> reply)
    {
        assertEquals("ack", reply.get("type"), reply::toString);
    }

    private static Map<String, Object> awaitMemberEvent(final WsTestClient client, final String type, final String user)
    {
        return client.await(json -> type.equals(json.get("type")) && user.equals(json.get("user")), type + " " + user);
    }

    private static Map<String, Object> awaitMessage(final WsTestClient client, final String data)
    {
        return client.await(json -> "message".equals(json.get("type")) && data.equals(json.get("data")), "message " + data);
    }

    /**
     * Everything the engine sent {@code client} before now has arrived: a message in a room only it is in comes back
     * after them (a session's messages keep engine order in the STANDARD lane).
     */
    private static List<Map<String, Object>> receivedUpToBarrier(final WsTestClient client, final String ownRoom, final String tag)
    {
        client.send("{\"type\":\"publish\",\"room\":\"" + ownRoom + "\",\"id\":\"" + tag + "\",\"data\":\"" + tag + "\"}");
        final String barrier = client.awaitText(json -> "message".equals(json.get("type")) && tag.equals(json.get("data")), tag);
        final List<Map<String, Object>> before = client.drainReceived();
        assertTrue(barrier != null);
        return before;
    }

    @Test
    void shouldStopDeliveringToARemovedMemberRefuseItAndTellEveryOneOfItsConnections()
    {
        startServer(RoomLimits.DEFAULTS);
        final WsTestClient alice = connectAs("alice", "a0");
        final WsTestClient bob = connectAs("bob", "b0");
        final WsTestClient carol = connectAs("carol", "c0");
        final WsTestClient carolIdle = connectAs("carol", "c1"); // a second connection, in no room at all

        assertAck(command(alice, "{\"type\":\"create_group\",\"room\":\"team-a\",\"title\":\"Team A\",\"members\":[\"bob\",\"carol\"]}", "g1"));
        final Map<String, Object> added = awaitMemberEvent(bob, "member_added", "bob");
        assertEquals("team-a", added.get("room"));
        assertEquals("alice", added.get("by"));
        assertEquals("member", added.get("role"));
        awaitMemberEvent(carol, "member_added", "carol");
        awaitMemberEvent(carolIdle, "member_added", "carol");

        alice.join("team-a", "a1");
        bob.join("team-a", "b1");
        carol.join("team-a", "c2");
        carol.join("carol-only", "c3");
        assertAck(command(alice, "{\"type\":\"publish\",\"room\":\"team-a\",\"data\":\"m1\"}", "p1"));
        awaitMessage(bob, "m1");
        awaitMessage(carol, "m1");

        // alice removes carol mid-conversation: the group, and both of carol's connections, are told
        assertAck(command(alice, "{\"type\":\"remove_member\",\"room\":\"team-a\",\"user\":\"carol\"}", "r1"));
        final Map<String, Object> removed = awaitMemberEvent(bob, "member_removed", "carol");
        assertEquals("alice", removed.get("by"));
        awaitMemberEvent(carol, "member_removed", "carol");
        awaitMemberEvent(carolIdle, "member_removed", "carol");

        assertAck(command(alice, "{\"type\":\"publish\",\"room\":\"team-a\",\"data\":\"m2\"}", "p2"));
        awaitMessage(bob, "m2");
        for (final Map<String, Object> json : receivedUpToBarrier(carol, "carol-only", "c-sync"))
        {
            assertTrue(!"m2".equals(json.get("data")), "carol no longer receives the group: " + json);
        }

        assertEquals("not_member", errorCode(command(carol, "{\"type\":\"publish\",\"room\":\"team-a\",\"data\":\"m3\"}", "c4")));
        assertEquals("not_member", errorCode(command(carol, "{\"type\":\"join\",\"room\":\"team-a\"}", "c5")));
        assertEquals("not_member", errorCode(command(carolIdle, "{\"type\":\"join\",\"room\":\"team-a\"}", "c6")));
        assertEquals("not_member", errorCode(command(carol, "{\"type\":\"presence\",\"room\":\"team-a\"}", "c7")));
        // bob is a plain member: he manages nobody
        assertEquals("not_allowed", errorCode(command(bob,
            "{\"type\":\"add_member\",\"room\":\"team-a\",\"user\":\"carol\"}", "b2")));

        alice.send("{\"type\":\"presence\",\"room\":\"team-a\",\"id\":\"q1\"}");
        final Map<String, Object> presence = alice.await(json -> "q1".equals(json.get("id")) && json.containsKey("members"), "presence");
        assertEquals(List.of(Map.of("user", "alice", "connections", 1L), Map.of("user", "bob", "connections", 1L)),
            presence.get("members"));
    }

    @Test
    void shouldLetBothUsersOfAPrivateRoomTalkUnderOneIdAndRefuseAThirdUser()
    {
        startServer(RoomLimits.DEFAULTS);
        final WsTestClient alice = connectAs("alice", "a0");
        final WsTestClient bob = connectAs("bob", "b0");
        final WsTestClient mallory = connectAs("mallory", "m0");

        final Map<String, Object> opened = command(alice, "{\"type\":\"private\",\"user\":\"bob\"}", "p1");
        assertAck(opened);
        assertEquals("dm:5:alicebob", opened.get("room"));
        assertEquals("dm:5:alicebob", awaitMemberEvent(bob, "member_added", "bob").get("room"), "bob hears of it, in no room");
        assertEquals("dm:5:alicebob", command(bob, "{\"type\":\"private\",\"user\":\"alice\"}", "p2").get("room"));

        alice.join("dm:5:alicebob", "a1");
        bob.join("dm:5:alicebob", "b1");
        assertAck(command(alice, "{\"type\":\"publish\",\"room\":\"dm:5:alicebob\",\"data\":{\"text\":\"hi bob\"}}", "a2"));
        assertEquals("alice", bob.await(json -> "message".equals(json.get("type")), "message").get("from"));

        assertEquals("not_member", errorCode(command(mallory, "{\"type\":\"join\",\"room\":\"dm:5:alicebob\"}", "m1")));
        assertEquals("not_member", errorCode(command(mallory,
            "{\"type\":\"publish\",\"room\":\"dm:5:alicebob\",\"data\":\"x\"}", "m2")));
        assertEquals("not_allowed", errorCode(command(mallory, "{\"type\":\"create_group\",\"room\":\"dm:5:alicebob\"}", "m3")));
    }

    @Test
    void shouldAnswerTheLimitErrorsWhenTheConfiguredLimitsAreReached()
    {
        startServer(new RoomLimits(2, 2, 16));
        final WsTestClient alice = connectAs("alice", "a0");

        alice.join("r1", "a1");
        alice.join("r2", "a2");
        assertEquals("too_many_rooms", errorCode(command(alice, "{\"type\":\"join\",\"room\":\"r3\"}", "a3")));
        assertEquals("group_full", errorCode(command(alice,
            "{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"bob\",\"carol\"]}", "a4")));
        assertAck(command(alice, "{\"type\":\"create_group\",\"room\":\"g\",\"members\":[\"bob\"]}", "a5"));
        assertEquals("room_exists", errorCode(command(alice, "{\"type\":\"create_group\",\"room\":\"g\"}", "a6")));
        assertEquals("group_full", errorCode(command(alice, "{\"type\":\"add_member\",\"room\":\"g\",\"user\":\"carol\"}", "a7")));
        assertEquals("too_large", errorCode(command(alice,
            "{\"type\":\"publish\",\"room\":\"r1\",\"data\":\"" + "x".repeat(20) + "\"}", "a8")));
        assertTrue(!alice.isClosed(), "an engine limit answers an error and keeps the connection");
        assertAck(command(alice, "{\"type\":\"publish\",\"room\":\"r1\",\"data\":\"small\"}", "a9"));
    }

    @Test
    void shouldRecoverTheSameDigestAndGroupsWhenTheServerRestartsOnItsJournal() throws Exception
    {
        final RoomLimits limits = new RoomLimits(5, 3, 1024);
        startServer(limits);
        final WsTestClient alice = connectAs("alice", "a0");
        final WsTestClient bob = connectAs("bob", "b0");
        assertAck(command(alice, "{\"type\":\"create_group\",\"room\":\"team-r\",\"members\":[\"bob\",\"carol\"]}", "a1"));
        alice.join("team-r", "a2");
        bob.join("team-r", "b1");
        assertAck(command(alice, "{\"type\":\"publish\",\"room\":\"team-r\",\"data\":\"before\"}", "a3"));
        assertAck(command(alice, "{\"type\":\"remove_member\",\"room\":\"team-r\",\"user\":\"carol\"}", "a4"));
        assertEquals("dm:5:alicebob", command(alice, "{\"type\":\"private\",\"user\":\"bob\"}", "a5").get("room"));
        for (final AutoCloseable client : clients)
        {
            client.close();
        }
        clients.clear();
        server.close();
        final long digestAtClose = server.engine().status().snapshot().digest();
        final long lastSeq = server.engine().status().snapshot().appliedSequence();

        final BusinessLogic offline = new BusinessLogic(OutboundSink.DISCARD, EngineConfig.DEFAULT_INBOX_LIMIT, limits);
        try (Journal journal = Journal.openForReading(SystemTestSupport.engineConfig(dataDir).journalDirectory()))
        {
            assertEquals(digestAtClose, new JournalReplayer(offline, Long.MAX_VALUE).replay(journal).digest());
        }

        startServer(limits);
        assertEquals(lastSeq, server.engine().recovery().lastSequence());
        assertEquals(digestAtClose, server.engine().recovery().digest());
        // the group came back from the journal: bob is still a member, carol is not
        final WsTestClient bobAgain = connectAs("bob", "b2");
        bobAgain.join("team-r", "b3");
        final WsTestClient carol = connectAs("carol", "c0");
        assertEquals("not_member", errorCode(command(carol, "{\"type\":\"join\",\"room\":\"team-r\"}", "c1")));
        bobAgain.join("dm:5:alicebob", "b4");
    }

    /** Two frames an engine command gives over TCP, the ack and the event, by type: CONTROL may overtake STANDARD. */
    private static Map<Integer, Map<String, Object>> readTwo(final TcpTestClient client)
    {
        final Map<Integer, Map<String, Object>> byType = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++)
        {
            final TcpTestClient.Frame frame = client.read();
            byType.put(frame.type(), frame.json());
        }
        return byType;
    }

    @Test
    void shouldManageAGroupAndOpenAPrivateRoomOverRawTcpBinaryFrames()
    {
        startServer(RoomLimits.DEFAULTS);
        final WsTestClient bob = connectAs("bob", "b0");
        final TcpTestClient alice = TcpTestClient.connect(server.gateway().tcpAddress());
        clients.add(alice);
        alice.sendJson(TcpTestClient.HELLO, "{\"user\":\"alice\"}");
        assertEquals(TcpTestClient.HELLO, alice.read().type());

        alice.sendJson(FrameType.CREATE_GROUP, "{\"room\":\"team-t\",\"members\":[\"bob\"],\"id\":\"1\"}");
        final TcpTestClient.Frame created = alice.read();
        assertEquals(TcpTestClient.ACK, created.type(), created::toString);
        assertEquals("1", created.json().get("id"));
        assertEquals("team-t", awaitMemberEvent(bob, "member_added", "bob").get("room"));

        alice.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"team-t\",\"id\":\"2\"}");
        assertEquals(TcpTestClient.ACK, alice.read().type());
        alice.sendJson(FrameType.ADD_MEMBER, "{\"room\":\"team-t\",\"user\":\"carol\",\"role\":\"admin\",\"id\":\"3\"}");
        final Map<Integer, Map<String, Object>> added = readTwo(alice);
        assertEquals("3", added.get((int)TcpTestClient.ACK).get("id"), added::toString);
        assertEquals(Map.of("type", "member_added", "room", "team-t", "user", "carol", "role", "admin", "by", "alice"),
            withoutTs(added.get((int)FrameType.ADD_MEMBER)));

        alice.sendJson(FrameType.REMOVE_MEMBER, "{\"room\":\"team-t\",\"user\":\"carol\",\"id\":\"4\"}");
        final Map<Integer, Map<String, Object>> removed = readTwo(alice);
        assertEquals("4", removed.get((int)TcpTestClient.ACK).get("id"), removed::toString);
        assertEquals("member_removed", removed.get((int)FrameType.REMOVE_MEMBER).get("type"));

        alice.sendJson(FrameType.PRIVATE, "{\"user\":\"bob\",\"id\":\"5\"}");
        final TcpTestClient.Frame opened = alice.read();
        assertEquals(TcpTestClient.ACK, opened.type(), opened::toString);
        assertEquals(Map.of("type", "ack", "id", "5", "room", "dm:5:alicebob"), opened.json());
    }

    private static Map<String, Object> withoutTs(final Map<String, Object> json)
    {
        final Map<String, Object> copy = new java.util.HashMap<>(json);
        assertTrue(copy.remove("ts") instanceof Long, json::toString);
        return copy;
    }
}
