package io.ringway.gateway.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.it.Json.errorCode;
import static io.ringway.gateway.it.Json.longValue;
import static io.ringway.gateway.it.Json.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client JSON protocol end to end: an in-process server on ephemeral ports, real RFC 6455
 * clients (the JDK's), real sockets.
 */
class WebSocketJsonSystemTest extends LiveServerSystemTest
{
    private static final int MAX_FRAME_BYTES = 1024;

    @TempDir
    Path dataDir;


    @BeforeEach
    void startServer()
    {
        server = SystemTestSupport.start(dataDir, SystemTestSupport.gatewayConfig().withMaxFrameBytes(MAX_FRAME_BYTES));
    }

    private WsTestClient connect(final String query)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), query));
        clients.add(client);
        return client;
    }

    private WsTestClient connectAs(final String user)
    {
        return connect("client_id=" + user);
    }

    /**
     * Waits until every engine message sent to {@code client} before now has arrived: a message in a
     * room only it is in comes back after them (one session's messages keep engine order).
     */
    private static void barrier(final WsTestClient client, final String privateRoom, final String tag)
    {
        client.send("{\"type\":\"publish\",\"room\":\"" + privateRoom + "\",\"id\":\"" + tag + "\",\"data\":\"" + tag + "\"}");
        client.await(json -> "message".equals(json.get("type")) && tag.equals(json.get("data")), "barrier " + tag);
        client.awaitReply(tag);
    }

    @Test
    void shouldAckJoinAndLeaveEchoingTheIdVerbatim()
    {
        final WsTestClient alice = connectAs("alice");

        alice.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}");
        assertEquals(Map.of("type", "ack", "id", "1"), alice.next());

        alice.send("{\"type\":\"leave\",\"room\":\"lobby\",\"id\":\"2\"}");
        assertEquals(Map.of("type", "ack", "id", "2"), alice.next());

        // an integer id stays an integer
        alice.send("{\"id\":7,\"type\":\"join\",\"room\":\"lobby\"}");
        assertEquals("{\"type\":\"ack\",\"id\":7}", alice.nextText());

        // no id: the reply has none either
        alice.send("{\"type\":\"leave\",\"room\":\"lobby\"}");
        assertEquals(Map.of("type", "ack"), alice.next());

        // leaving a room one is not in
        alice.send("{\"type\":\"leave\",\"room\":\"lobby\",\"id\":\"3\"}");
        final Map<String, Object> error = alice.next();
        assertEquals("error", error.get("type"));
        assertEquals("3", error.get("id"));
        assertEquals("not_member", errorCode(error));
    }

    @Test
    void shouldDeliverEveryPublishToEveryMemberIncludingTheSenderWithSeqPerRoom()
    {
        final WsTestClient alice = connectAs("alice");
        final WsTestClient bob = connectAs("bob");
        alice.join("lobby", "j1");
        bob.join("lobby", "j2");
        alice.join("games", "j3");

        final String data = "{\"text\":\"hello \\\"world\\\"\",\"n\":[1,2.5,{\"deep\":null}],\"ok\":true}";
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"3\",\"data\":" + data + "}");

        final Map<String, Object> ack = alice.awaitReply("3");
        assertEquals(Map.of("type", "ack", "id", "3", "seq", 1L), ack);

        final Map<String, Object> toAlice = alice.awaitType("message");
        final Map<String, Object> toBob = bob.awaitType("message");
        assertEquals(toAlice, toBob, "every member gets the same message");
        assertEquals("lobby", toAlice.get("room"));
        assertEquals("alice", toAlice.get("from"));
        assertEquals(1L, toAlice.get("seq"));
        assertTrue(longValue(toAlice, "ts") > 0);
        assertEquals(Json.parse(data), toAlice.get("data"));
        assertTrue(longValue(toAlice, "msg_id") > 0, "the journal sequence of the publish");
        assertEquals(List.of("type", "room", "from", "seq", "msg_id", "ts", "data"), new ArrayList<>(toAlice.keySet()));

        // bob's publish is seq 2 in lobby; the "message" type with a room is a publish too
        bob.send("{\"type\":\"message\",\"room\":\"lobby\",\"id\":\"b1\",\"data\":\"second\"}");
        assertEquals(2L, bob.awaitReply("b1").get("seq"));
        assertEquals(2L, alice.awaitType("message").get("seq"));
        final Map<String, Object> second = bob.awaitType("message");
        assertEquals(2L, second.get("seq"));
        assertEquals("bob", second.get("from"));
        assertEquals("second", second.get("data"));

        // another room counts on its own, and bob (not a member) does not get it
        alice.send("{\"type\":\"publish\",\"room\":\"games\",\"id\":\"g1\",\"data\":{\"move\":\"e4\"}}");
        assertEquals(1L, alice.awaitReply("g1").get("seq"));
        final Map<String, Object> game = alice.awaitType("message");
        assertEquals("games", game.get("room"));
        assertEquals(1L, game.get("seq"));

        bob.join("bob-only", "j4");
        barrier(bob, "bob-only", "sync-bob");
        assertEquals(List.of(), bob.drainReceived(), "bob got nothing from a room he is not in");
    }

    @Test
    void shouldPassDataThroughByteForByte()
    {
        final WsTestClient alice = connectAs("alice");
        alice.join("lobby", "1");
        final String data = "{ \"spaced\" : [ 1 , 2 ] , \"u\" : \"\\u00e9\\n\" }";
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"data\":" + data + ",\"id\":\"p\"}");
        String text;
        do
        {
            text = alice.nextText(); // skip the ack
        }
        while (!text.startsWith("{\"type\":\"message\""));
        assertTrue(text.endsWith(",\"data\":" + data + "}"), text);
    }

    @Test
    void shouldReplyNotMemberToAPublishInARoomNotJoined()
    {
        final WsTestClient alice = connectAs("alice");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"5\",\"data\":{\"text\":\"hi\"}}");
        final Map<String, Object> error = alice.next();
        assertEquals("error", error.get("type"));
        assertEquals("5", error.get("id"));
        assertEquals("not_member", errorCode(error));
        assertNotNull(map(error.get("error")).get("message"));

        // after leaving, too
        alice.join("lobby", "6");
        alice.send("{\"type\":\"leave\",\"room\":\"lobby\",\"id\":\"7\"}");
        assertEquals("ack", alice.awaitReply("7").get("type"));
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"8\",\"data\":1}");
        assertEquals("not_member", errorCode(alice.awaitReply("8")));
        assertFalse(alice.isClosed());
    }

    @Test
    void shouldDeliverADirectMessageToEveryOpenConnectionOfTheRecipient()
    {
        final WsTestClient alice = connectAs("alice");
        final WsTestClient bobPhone = connectAs("bob");
        final WsTestClient bobLaptop = connectAs("bob");
        // both of bob's sessions are open in the engine once each has had a command acknowledged
        bobPhone.join("bob-phone", "1");
        bobLaptop.join("bob-laptop", "1");

        alice.send("{\"type\":\"message\",\"id\":\"d1\",\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}");
        assertEquals(Map.of("type", "ack", "id", "d1"), alice.awaitReply("d1"));

        for (final WsTestClient bob : List.of(bobPhone, bobLaptop))
        {
            final String text = bob.nextText();
            final Map<String, Object> message = Json.object(text);
            assertEquals("message", message.get("type"));
            assertEquals("alice", message.get("from"));
            assertEquals("bob", message.get("to"));
            assertTrue(longValue(message, "ts") > 0);
            assertEquals(Map.of("to", "bob", "text", "hi"), message.get("data"));
            assertNull(message.get("room"));
            assertTrue(text.endsWith(",\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}"), text);
        }

        alice.join("alice-only", "2");
        barrier(alice, "alice-only", "sync-alice");
        assertEquals(List.of(), alice.drainReceived(), "the sender does not get its own direct message");
    }

    @Test
    void shouldKeepDirectMessagesForAnOfflineUserAndDeliverThemOnceInOrder()
    {
        final WsTestClient alice = connectAs("alice");
        for (int i = 1; i <= 3; i++)
        {
            alice.send("{\"type\":\"message\",\"id\":\"d" + i + "\",\"data\":{\"to\":\"dave\",\"n\":" + i + "}}");
            assertEquals("ack", alice.awaitReply("d" + i).get("type"));
        }

        final WsTestClient dave = connectAs("dave");
        for (int i = 1; i <= 3; i++)
        {
            final Map<String, Object> message = dave.next();
            assertEquals("message", message.get("type"));
            assertEquals("alice", message.get("from"));
            assertEquals("dave", message.get("to"));
            assertEquals(Map.of("to", "dave", "n", (long)i), message.get("data"), "kept messages arrive in order");
        }
        dave.join("dave-1", "j");
        barrier(dave, "dave-1", "sync-1");
        assertEquals(List.of(), dave.drainReceived(), "each kept message arrives once");

        // a second connection does not get them again, nor does the first
        final WsTestClient daveAgain = connectAs("dave");
        daveAgain.join("dave-2", "j");
        barrier(daveAgain, "dave-2", "sync-2");
        assertEquals(List.of(), daveAgain.drainReceived(), "a later connection does not get delivered messages again");
        barrier(dave, "dave-1", "sync-3");
        assertEquals(List.of(), dave.drainReceived());

        // online now: a new direct message goes to both connections at once
        alice.send("{\"type\":\"message\",\"id\":\"d4\",\"data\":{\"to\":\"dave\",\"n\":4}}");
        assertEquals(Map.of("to", "dave", "n", 4L), dave.awaitType("message").get("data"));
        assertEquals(Map.of("to", "dave", "n", 4L), daveAgain.awaitType("message").get("data"));
    }

    @Test
    void shouldAnswerPingWithPong()
    {
        final WsTestClient alice = connectAs("alice");
        alice.send("{\"type\":\"ping\"}");
        final Map<String, Object> pong = alice.next();
        assertEquals("pong", pong.get("type"));
        assertTrue(longValue(pong, "ts") > 0);
    }

    @Test
    void shouldAnswerBadCommandsWithStableCodesAndKeepTheConnectionOpen()
    {
        final WsTestClient alice = connectAs("alice");

        alice.send("{\"type\":\"join\",\"room\":");
        final Map<String, Object> malformed = alice.next();
        assertEquals("error", malformed.get("type"));
        assertEquals("bad_request", errorCode(malformed));

        alice.send("[1,2,3]");
        assertEquals("bad_request", errorCode(alice.next()));

        alice.send("{\"type\":\"join\",\"id\":\"j\"}");
        final Map<String, Object> missingRoom = alice.next();
        assertEquals("j", missingRoom.get("id"));
        assertEquals("bad_request", errorCode(missingRoom));

        alice.send("{\"id\":\"t\",\"room\":\"lobby\"}");
        final Map<String, Object> missingType = alice.next();
        assertEquals("t", missingType.get("id"));
        assertEquals("bad_request", errorCode(missingType));

        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p\"}");
        final Map<String, Object> missingData = alice.next();
        assertEquals("p", missingData.get("id"));
        assertEquals("bad_request", errorCode(missingData));

        alice.send("{\"type\":\"message\",\"id\":\"m\",\"data\":{\"text\":\"to nobody\"}}");
        final Map<String, Object> missingTo = alice.next();
        assertEquals("m", missingTo.get("id"));
        assertEquals("bad_request", errorCode(missingTo));

        alice.send("{\"type\":\"dance\",\"id\":42}");
        final Map<String, Object> unknown = alice.next();
        assertEquals(42L, unknown.get("id"));
        assertEquals("unknown_type", errorCode(unknown));
        assertNotNull(map(unknown.get("error")).get("message"));

        // still open and working
        assertFalse(alice.isClosed());
        alice.join("lobby", "ok");
        alice.send("{\"type\":\"ping\"}");
        assertEquals("pong", alice.awaitType("pong").get("type"));
        assertFalse(alice.isClosed());
    }

    @Test
    void shouldRequireAnIdentityUntilAuth()
    {
        final WsTestClient anonymous = connect(null);

        anonymous.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"j1\"}");
        final Map<String, Object> refused = anonymous.next();
        assertEquals("error", refused.get("type"));
        assertEquals("j1", refused.get("id"));
        assertEquals("unauthenticated", errorCode(refused));

        anonymous.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p1\",\"data\":1}");
        assertEquals("unauthenticated", errorCode(anonymous.next()));
        anonymous.send("{\"type\":\"message\",\"id\":\"m1\",\"data\":{\"to\":\"bob\"}}");
        assertEquals("unauthenticated", errorCode(anonymous.next()));

        anonymous.send("{\"type\":\"ping\"}");
        assertEquals("pong", anonymous.next().get("type"));

        anonymous.send("{\"type\":\"auth\",\"id\":\"a1\",\"data\":{\"token\":\"carol\"}}");
        final Map<String, Object> authOk = anonymous.next();
        assertEquals("auth_ok", authOk.get("type"));
        assertEquals(Map.of("user", "carol"), authOk.get("data"));

        anonymous.join("lobby", "j2");
        anonymous.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p2\",\"data\":\"hi\"}");
        assertEquals(1L, anonymous.awaitReply("p2").get("seq"));
        assertEquals("carol", anonymous.awaitType("message").get("from"));

        // the same identity again is fine; another one is refused
        anonymous.send("{\"type\":\"auth\",\"data\":{\"token\":\"carol\"}}");
        assertEquals("auth_ok", anonymous.awaitType("auth_ok").get("type"));
        anonymous.send("{\"type\":\"auth\",\"id\":\"a2\",\"data\":{\"token\":\"mallory\"}}");
        assertEquals("already_authenticated", errorCode(anonymous.awaitReply("a2")));
        assertFalse(anonymous.isClosed());
    }

    @Test
    void shouldCloseWith1009WhenAMessageExceedsTheSizeLimit()
    {
        final WsTestClient alice = connectAs("alice");
        alice.join("lobby", "1");

        final String big = "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":\"" + "x".repeat(2000) + "\"}";
        alice.send(big);

        final WsTestClient.CloseInfo close = alice.awaitClose();
        assertEquals(1009, close.code(), "close: " + close);
    }

    @Test
    void shouldSpeakBinaryFramesOverWebSocketWhenAskedTo()
    {
        final WsTestClient binary = connect("client_id=xavier&encoding=binary");
        final WsTestClient text = connectAs("tina");
        text.join("mixed", "t1");

        binary.sendBinary(TcpTestClient.jsonFrame(TcpTestClient.JOIN_ROOM, "{\"room\":\"mixed\",\"id\":\"1\"}"));
        final TcpTestClient.Frame ack = single(binary.nextBinary());
        assertEquals(TcpTestClient.ACK, ack.type());
        assertEquals(1, ack.version());
        assertEquals(TcpTestClient.FLAG_JSON, ack.flags());
        assertEquals(Map.of("type", "ack", "id", "1"), ack.json());

        binary.sendBinary(TcpTestClient.jsonFrame(TcpTestClient.MESSAGE, "{\"room\":\"mixed\",\"id\":\"2\",\"data\":{\"v\":1}}"));
        final List<TcpTestClient.Frame> frames = new ArrayList<>();
        frames.add(single(binary.nextBinary()));
        frames.add(single(binary.nextBinary()));
        final TcpTestClient.Frame published = frames.stream().filter(f -> f.type() == TcpTestClient.MESSAGE).findFirst().orElseThrow();
        final TcpTestClient.Frame publishAck = frames.stream().filter(f -> f.type() == TcpTestClient.ACK).findFirst().orElseThrow();
        assertEquals(Map.of("type", "ack", "id", "2", "seq", 1L), publishAck.json());

        // the MESSAGE frame payload is byte for byte the JSON text the other member gets
        final String textCopy = text.awaitText(json -> "message".equals(json.get("type")), "message");
        assertEquals(textCopy, published.text());
        assertEquals("xavier", published.json().get("from"));

        // two frames in one binary message; a heartbeat is echoed byte for byte
        final byte[] heartbeat = TcpTestClient.frame(1, TcpTestClient.HEARTBEAT, 0, new byte[] {1, 2, 3});
        binary.sendBinary(TcpTestClient.concat(
            heartbeat, TcpTestClient.jsonFrame(TcpTestClient.LEAVE_ROOM, "{\"room\":\"mixed\",\"id\":\"3\"}")));
        final byte[] echoed = binary.nextBinary();
        org.junit.jupiter.api.Assertions.assertArrayEquals(heartbeat, echoed);
        assertEquals(Map.of("type", "ack", "id", "3"), single(binary.nextBinary()).json());

        // replies from the gateway itself (errors) are binary frames too
        binary.sendBinary(TcpTestClient.jsonFrame(TcpTestClient.MESSAGE, "{\"room\":\"mixed\",\"id\":\"4\",\"data\":1}"));
        final TcpTestClient.Frame error = single(binary.nextBinary());
        assertEquals(TcpTestClient.ERROR, error.type());
        assertEquals("not_member", error.json().get("code"));
        assertEquals("4", error.json().get("id"));
    }

    private static TcpTestClient.Frame single(final byte[] message)
    {
        final List<TcpTestClient.Frame> frames = TcpTestClient.parseFrames(message);
        assertEquals(1, frames.size(), "one frame per binary message");
        assertEquals(message.length, TcpTestClient.HEADER_LENGTH + frames.get(0).payload().length);
        return frames.get(0);
    }

    @Test
    void shouldReportHealthAsJson()
    {
        // the gateway's start-up reset is applied first (asynchronously): measure from after it, so "+ 2" below is the join
        SystemTestSupport.awaitCondition("health shows the gateway's reset", () ->
            longValue(SystemTestSupport.health(http, server.gateway().httpAddress()), "lastAppliedSeq") >= 1);
        final Map<String, Object> before = SystemTestSupport.health(http, server.gateway().httpAddress());
        assertEquals("UP", before.get("status"));
        assertTrue(before.get("lastAppliedSeq") instanceof Long, before.toString());
        assertTrue(before.get("digest") instanceof String, before.toString());

        final WsTestClient alice = connectAs("alice");
        alice.join("lobby", "1");
        // SESSION_OPEN and JOIN are applied; the status is published just after the ack goes out, so wait for it
        final long beforeSeq = longValue(before, "lastAppliedSeq");
        SystemTestSupport.awaitCondition("health shows the join", () ->
            longValue(SystemTestSupport.health(http, server.gateway().httpAddress()), "lastAppliedSeq") >= beforeSeq + 2);
        final Map<String, Object> after = SystemTestSupport.health(http, server.gateway().httpAddress());
        assertEquals(1L, longValue(after, "connections"));
        assertFalse(before.get("digest").equals(after.get("digest")), "the digest moves with the outbound stream");

        final HttpResponse<String> missing = SystemTestSupport.get(http,
            "http://127.0.0.1:" + server.gateway().httpAddress().getPort() + "/nope");
        assertEquals(404, missing.statusCode());
    }
}
