package io.ringway.gateway.it;

import io.ringway.gateway.it.TcpTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ringway.gateway.it.TcpTestClient.ACK;
import static io.ringway.gateway.it.TcpTestClient.ERROR;
import static io.ringway.gateway.it.TcpTestClient.FLAG_JSON;
import static io.ringway.gateway.it.TcpTestClient.HEARTBEAT;
import static io.ringway.gateway.it.TcpTestClient.HELLO;
import static io.ringway.gateway.it.TcpTestClient.JOIN_ROOM;
import static io.ringway.gateway.it.TcpTestClient.LEAVE_ROOM;
import static io.ringway.gateway.it.TcpTestClient.MESSAGE;
import static io.ringway.gateway.it.TcpTestClient.frame;
import static io.ringway.gateway.it.TcpTestClient.jsonFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw TCP binary frame protocol end to end, and TCP and WebSocket clients sharing rooms. */
class TcpProtocolSystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;


    private void start(final io.ringway.gateway.GatewayConfig config)
    {
        server = SystemTestSupport.start(dataDir, config);
    }

    private void start()
    {
        start(SystemTestSupport.gatewayConfig());
    }

    private TcpTestClient tcp()
    {
        final TcpTestClient client = TcpTestClient.connect(server.gateway().tcpAddress());
        clients.add(client);
        return client;
    }

    private TcpTestClient tcpAs(final String user)
    {
        final TcpTestClient client = tcp();
        client.sendJson(HELLO, "{\"user\":\"" + user + "\"}");
        final Frame authOk = client.read();
        assertEquals(HELLO, authOk.type());
        assertEquals(Map.of("type", "auth_ok", "data", Map.of("user", user)), authOk.json());
        return client;
    }

    private WsTestClient wsAs(final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=" + user));
        clients.add(client);
        return client;
    }

    /** Reads frames until one of {@code type}; the others are collected into {@code skipped}. */
    private static Frame next(final TcpTestClient client, final int type, final List<Frame> skipped)
    {
        return client.readType(type, skipped);
    }

    @Test
    void shouldAuthenticateJoinPublishAndLeaveWithBinaryFrames()
    {
        start();
        final TcpTestClient bob = tcpAs("bob");

        bob.sendJson(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");
        final Frame joined = bob.read();
        assertEquals(ACK, joined.type());
        assertEquals(1, joined.version());
        assertEquals(FLAG_JSON, joined.flags());
        assertEquals(Map.of("type", "ack", "id", "1"), joined.json());

        bob.sendJson(MESSAGE, "{\"room\":\"lobby\",\"id\":\"2\",\"data\":{\"text\":\"hello\"}}");
        final List<Frame> frames = List.of(bob.read(), bob.read()); // ack and message, in either order
        final Frame ack = frames.stream().filter(f -> f.type() == ACK).findFirst().orElseThrow();
        final Frame message = frames.stream().filter(f -> f.type() == MESSAGE).findFirst().orElseThrow();
        assertEquals(Map.of("type", "ack", "id", "2", "seq", 1L), ack.json());
        final Map<String, Object> json = message.json();
        assertEquals("message", json.get("type"));
        assertEquals("lobby", json.get("room"));
        assertEquals("bob", json.get("from"));
        assertEquals(1L, json.get("seq"));
        assertTrue(json.get("ts") instanceof Long);
        assertEquals(Map.of("text", "hello"), json.get("data"));

        bob.sendJson(LEAVE_ROOM, "{\"room\":\"lobby\",\"id\":\"3\"}");
        assertEquals(Map.of("type", "ack", "id", "3"), bob.read().json());

        // engine errors and validation errors keep the connection open
        bob.sendJson(MESSAGE, "{\"room\":\"lobby\",\"id\":\"4\",\"data\":1}");
        final Frame notMember = bob.read();
        assertEquals(ERROR, notMember.type());
        assertEquals("not_member", notMember.json().get("code"));
        assertEquals("4", notMember.json().get("id"));
        assertTrue(notMember.json().get("message") instanceof String);

        bob.sendJson(JOIN_ROOM, "{\"id\":\"5\"}");
        final Frame missingRoom = bob.read();
        assertEquals(ERROR, missingRoom.type());
        assertEquals("bad_request", missingRoom.json().get("code"));
        assertEquals("5", missingRoom.json().get("id"));

        // heartbeat: echoed byte for byte, the connection is still open
        final byte[] heartbeat = frame(1, HEARTBEAT, 0, new byte[0]);
        bob.send(heartbeat);
        final Frame echo = bob.read();
        assertEquals(HEARTBEAT, echo.type());
        assertEquals(0, echo.payload().length);
        assertEquals(0, echo.flags());
    }

    @Test
    void shouldRefuseCommandsBeforeHelloAndKeepTheConnectionOpen()
    {
        start();
        final TcpTestClient anonymous = tcp();
        anonymous.sendJson(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");
        final Frame refused = anonymous.read();
        assertEquals(ERROR, refused.type());
        assertEquals("unauthenticated", refused.json().get("code"));
        assertEquals("1", refused.json().get("id"));

        anonymous.sendJson(HELLO, "{\"token\":\"erin\"}");
        assertEquals(Map.of("type", "auth_ok", "data", Map.of("user", "erin")), anonymous.read().json());
        anonymous.sendJson(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"2\"}");
        assertEquals(Map.of("type", "ack", "id", "2"), anonymous.read().json());
    }

    @Test
    void shouldLetTcpAndWebSocketClientsInOneRoomSeeEachOther()
    {
        start();
        final WsTestClient alice = wsAs("alice");
        final TcpTestClient bob = tcpAs("bob");
        alice.join("mixed", "a1");
        bob.sendJson(JOIN_ROOM, "{\"room\":\"mixed\",\"id\":\"b1\"}");
        assertEquals(ACK, bob.read().type());

        alice.send("{\"type\":\"publish\",\"room\":\"mixed\",\"id\":\"a2\",\"data\":{\"from\":\"ws\"}}");
        assertEquals(1L, alice.awaitReply("a2").get("seq"));
        final String aliceCopy = alice.awaitText(json -> "message".equals(json.get("type")), "message");
        final Frame bobCopy = bob.read();
        assertEquals(MESSAGE, bobCopy.type());
        assertEquals(aliceCopy, bobCopy.text(), "the MESSAGE payload is the JSON a WebSocket client gets");
        assertEquals(Map.of("from", "ws"), bobCopy.json().get("data"));

        bob.sendJson(MESSAGE, "{\"room\":\"mixed\",\"id\":\"b2\",\"data\":{\"from\":\"tcp\"}}");
        final List<Frame> bobFrames = List.of(bob.read(), bob.read()); // the ack and bob's own copy, in either order
        assertEquals(2L, bobFrames.stream().filter(f -> f.type() == ACK).findFirst().orElseThrow().json().get("seq"));
        assertEquals(2L, bobFrames.stream().filter(f -> f.type() == MESSAGE).findFirst().orElseThrow().json().get("seq"));
        final Map<String, Object> fromBob = alice.awaitType("message");
        assertEquals("bob", fromBob.get("from"));
        assertEquals(2L, fromBob.get("seq"));
        assertEquals(Map.of("from", "tcp"), fromBob.get("data"));

        // direct messages cross transports too
        bob.sendJson(MESSAGE, "{\"id\":\"b3\",\"data\":{\"to\":\"alice\",\"text\":\"hi\"}}");
        final Map<String, Object> direct = alice.await(json -> "bob".equals(json.get("from")) && json.get("room") == null, "direct");
        assertEquals("alice", direct.get("to"));
        assertEquals(Map.of("to", "alice", "text", "hi"), direct.get("data"));

        alice.send("{\"type\":\"message\",\"id\":\"a3\",\"data\":{\"to\":\"bob\",\"text\":\"yo\"}}");
        final Frame directToBob = next(bob, MESSAGE, new ArrayList<>());
        assertEquals(Map.of("type", "message", "from", "alice", "to", "bob", "ts", directToBob.json().get("ts"),
            "data", Map.of("to", "bob", "text", "yo")), directToBob.json());
    }

    @Test
    void shouldSendAnErrorFrameAndCloseOnEveryProtocolViolation()
    {
        start(SystemTestSupport.gatewayConfig().withMaxFrameBytes(4096));
        final byte[] tooShort = ByteBuffer.allocate(7).putInt(3).put((byte)1).put((byte)JOIN_ROOM).put((byte)FLAG_JSON).array();
        final byte[] tooLong = ByteBuffer.allocate(7).putInt(1_000_000).put((byte)1).put((byte)JOIN_ROOM).put((byte)FLAG_JSON).array();
        final byte[] version2 = frame(2, JOIN_ROOM, FLAG_JSON, "{\"room\":\"lobby\"}".getBytes(StandardCharsets.UTF_8));
        final byte[] unknownType = frame(1, 0x0E, FLAG_JSON, "{}".getBytes(StandardCharsets.UTF_8));
        final byte[] serverOnlyType = frame(1, ERROR, FLAG_JSON, "{}".getBytes(StandardCharsets.UTF_8));
        final byte[] notJson = jsonFrame(JOIN_ROOM, "{\"room\":");
        final byte[] notUtf8 = frame(1, JOIN_ROOM, FLAG_JSON, new byte[] {(byte)0xff, (byte)0xfe, 0x41});
        final byte[] noJsonFlag = frame(1, JOIN_ROOM, 0, "{\"room\":\"lobby\"}".getBytes(StandardCharsets.UTF_8));
        final byte[] reservedFlag = frame(1, JOIN_ROOM, 0x04 | FLAG_JSON, "{\"room\":\"lobby\"}".getBytes(StandardCharsets.UTF_8));

        assertViolation(tooShort, "bad_frame");
        assertViolation(tooLong, "too_large");
        assertViolation(version2, "unsupported_version");
        assertViolation(unknownType, "unknown_type");
        assertViolation(serverOnlyType, "unknown_type");
        assertViolation(notJson, "bad_frame");
        assertViolation(notUtf8, "bad_frame");
        assertViolation(noJsonFlag, "bad_frame");
        assertViolation(reservedFlag, "bad_frame");

        // a violation after valid traffic on the same connection: ERROR, then close
        final TcpTestClient client = tcpAs("vic");
        client.sendJson(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");
        assertEquals(Map.of("type", "ack", "id", "1"), client.read().json());
        client.send(version2);
        final List<Frame> frames = client.readFramesUntilClosed();
        assertEquals(1, frames.size(), frames.toString());
        assertEquals(ERROR, frames.get(0).type());
        assertEquals("unsupported_version", frames.get(0).json().get("code"));
    }

    private void assertViolation(final byte[] bytes, final String code)
    {
        final TcpTestClient client = tcp();
        client.send(bytes);
        final List<Frame> frames = client.readFramesUntilClosed();
        assertEquals(1, frames.size(), code + ": " + frames);
        final Frame error = frames.get(0);
        assertEquals(ERROR, error.type(), error.toString());
        assertEquals(1, error.version());
        assertEquals(code, error.json().get("code"), error.toString());
        assertTrue(error.json().get("message") instanceof String, error.toString());
    }

    @Test
    void shouldReassembleFragmentedWritesAndSplitCoalescedOnes()
    {
        start();
        final byte[] hello = jsonFrame(HELLO, "{\"user\":\"frank\"}");
        final byte[] join = jsonFrame(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");
        final byte[] leave = jsonFrame(LEAVE_ROOM, "{\"room\":\"lobby\",\"id\":\"2\"}");

        final TcpTestClient fragmented = tcp();
        fragmented.sendByteByByte(TcpTestClient.concat(hello, join, leave));
        assertEquals(HELLO, fragmented.read().type());
        assertEquals(Map.of("type", "ack", "id", "1"), fragmented.read().json());
        assertEquals(Map.of("type", "ack", "id", "2"), fragmented.read().json());

        final TcpTestClient coalesced = tcp();
        coalesced.send(TcpTestClient.concat(hello, join, leave));
        assertEquals(HELLO, coalesced.read().type());
        assertEquals(Map.of("type", "ack", "id", "1"), coalesced.read().json());
        assertEquals(Map.of("type", "ack", "id", "2"), coalesced.read().json());

        // a frame split across writes, with the next frame's start glued to its end
        final byte[] all = TcpTestClient.concat(join, leave, frame(1, HEARTBEAT, 0, new byte[0]));
        coalesced.send(java.util.Arrays.copyOfRange(all, 0, 5));
        coalesced.send(java.util.Arrays.copyOfRange(all, 5, join.length + 3));
        coalesced.send(java.util.Arrays.copyOfRange(all, join.length + 3, all.length));
        // the gateway echoes the heartbeat itself, while the acks come from the engine: any order between them
        final List<Frame> replies = List.of(coalesced.read(), coalesced.read(), coalesced.read());
        assertEquals(List.of(Map.of("type", "ack", "id", "1"), Map.of("type", "ack", "id", "2")),
            replies.stream().filter(f -> f.type() == ACK).map(Frame::json).toList(), "acks keep command order");
        assertEquals(1, replies.stream().filter(f -> f.type() == HEARTBEAT).count(), replies.toString());
    }

    @Test
    void shouldCloseASilentTcpConnectionWithIdleTimeout()
    {
        // 2 s, not less: the timeout also runs from accept to HELLO, and a stalled test thread must not look silent there
        start(SystemTestSupport.gatewayConfig().withIdleTimeoutMs(2000));
        final TcpTestClient silent = tcpAs("sid");
        final List<Frame> last = silent.readFramesUntilClosed();
        assertEquals(1, last.size(), last.toString());
        assertEquals(ERROR, last.get(0).type());
        assertEquals("idle_timeout", last.get(0).json().get("code"));
    }

    /**
     * A TCP client sending heartbeats and a WebSocket client whose only traffic is the automatic pong to
     * the server's ping both outlive a silent client connected at the same time. The timeout is generous:
     * on a loaded 2-core machine a JVM's threads can stall for over a second (time to safepoint), and a
     * stalled heartbeat must not look like silence.
     */
    @Test
    void shouldKeepConnectionsThatHeartbeatOrAnswerPings() throws Exception
    {
        start(SystemTestSupport.gatewayConfig().withIdleTimeoutMs(5000));
        final WsTestClient webSocket = wsAs("wes");
        final TcpTestClient beating = tcpAs("bea");
        final AtomicBoolean stop = new AtomicBoolean();
        final byte[] heartbeat = frame(1, HEARTBEAT, 0, new byte[0]);
        final Thread heart = new Thread(() ->
        {
            while (!stop.get())
            {
                try
                {
                    beating.send(heartbeat);
                    Thread.sleep(100);
                }
                catch (final Exception ex)
                {
                    return;
                }
            }
        }, "heartbeats");
        heart.start();
        try
        {
            final TcpTestClient silent = tcpAs("sid");
            final List<Frame> last = silent.readFramesUntilClosed();
            assertEquals("idle_timeout", last.get(last.size() - 1).json().get("code"));
        }
        finally
        {
            stop.set(true);
            heart.join();
        }

        beating.send(frame(1, HEARTBEAT, 0, "last".getBytes(StandardCharsets.UTF_8)));
        Frame echo;
        do
        {
            echo = beating.read();
            assertEquals(HEARTBEAT, echo.type(), echo.toString());
        }
        while (echo.payload().length == 0);
        assertArrayEquals("last".getBytes(StandardCharsets.UTF_8), echo.payload());

        assertFalse(webSocket.isClosed(), "pongs count as traffic; pings seen: " + webSocket.pings() +
            (webSocket.isClosed() ? ", closed: " + webSocket.awaitClose() + " " + webSocket.drainReceived() : ""));
        assertTrue(webSocket.pings() > 0, "the server pinged the quiet WebSocket client");
        webSocket.send("{\"type\":\"ping\"}");
        assertEquals("pong", webSocket.awaitType("pong").get("type"));
    }
}
