package io.ringway.bench.floor;

import io.ringway.bench.load.LoadMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real floor server on an ephemeral port, and real WebSocket clients (the JDK's), so the bytes
 * on the wire are what is asserted.
 * <p>
 * The server runs one I/O thread here: then a publish's writes to all members happen in one go on
 * that thread, before it reads anything else, so "a reply to a later probe command arrives first"
 * proves nothing was sent before it. Cross-thread delivery is covered by FloorServerLoadClientTest.
 */
class FloorServerTest
{
    private static final Pattern MESSAGE = Pattern.compile(
        "\\{\"type\":\"message\",\"room\":\"([^\"]+)\",\"from\":\"([^\"]+)\",\"seq\":(\\d+),\"msg_id\":(\\d+),\"ts\":(\\d+),\"data\":(.*)}");

    private FloorServer server;
    private HttpClient http;
    private final List<TextClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer()
    {
        server = FloorServer.start("127.0.0.1", 0, 1);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stopServer()
    {
        clients.forEach(TextClient::close);
        server.close();
    }

    private TextClient client(final String user) throws Exception
    {
        final TextClient client = TextClient.connect(http, server.url(), user);
        clients.add(client);
        return client;
    }

    private static String publish(final String room, final String data)
    {
        return "{\"type\":\"publish\",\"room\":\"" + room + "\",\"data\":" + data + "}";
    }

    /** Asserts a room message's shape and returns its fields: room, from, seq, msg_id, ts, data. */
    private static Matcher message(final String text)
    {
        final Matcher matcher = MESSAGE.matcher(text);
        assertTrue(matcher.matches(), "not a room message: " + text);
        return matcher;
    }

    /** Sends a command that gets a reply and returns the next message, which must be that reply. */
    private static void assertNothingBefore(final TextClient client, final String probeRoom) throws Exception
    {
        assertEquals("{\"type\":\"ack\",\"id\":\"probe\"}", client.join(probeRoom, "probe"));
        assertEquals(0, client.pending());
    }

    @Test
    void shouldAckJoinWithItsIdWhenClientJoins() throws Exception
    {
        final TextClient alice = client("alice");
        assertEquals("{\"type\":\"ack\",\"id\":\"join\"}", alice.join("lobby", LoadMessages.JOIN_ID));

        alice.send("{\"type\":\"join\",\"room\":\"second\",\"id\":7}");
        assertEquals("{\"type\":\"ack\",\"id\":7}", alice.next());
        alice.send("{\"type\":\"join\",\"room\":\"third\"}");
        assertEquals("{\"type\":\"ack\"}", alice.next());
    }

    @Test
    void shouldDeliverDataVerbatimInSeqOrderWhenPublisherAndMemberJoined() throws Exception
    {
        final TextClient alice = client("alice");
        final TextClient bob = client("bob");
        alice.join("lobby", "join");
        bob.join("lobby", "join");

        final List<String> sent = new ArrayList<>();
        for (int n = 0; n < 5; n++)
        {
            final String data = n == 4 ? "{\"text\":\"} {\\\" ]\",\"nested\":{\"a\":[1,2]}}" : LoadMessages.data(100, n);
            sent.add(data);
            alice.send(publish("lobby", data));
        }

        for (int n = 0; n < sent.size(); n++)
        {
            final long seq = n + 1;
            // the publisher: its ack, then its own copy
            assertEquals("{\"type\":\"ack\",\"seq\":" + seq + "}", alice.next());
            final Matcher own = message(alice.next());
            final Matcher other = message(bob.next());
            for (final Matcher m : new Matcher[] {own, other})
            {
                assertEquals("lobby", m.group(1));
                assertEquals("alice", m.group(2));
                assertEquals(seq, Long.parseLong(m.group(3)));
                assertEquals(seq, Long.parseLong(m.group(4)));
                assertEquals(sent.get(n), m.group(6));
            }
            assertEquals(own.group(0), other.group(0), "one encoding for every recipient");
            final long ts = Long.parseLong(own.group(5));
            assertTrue(Math.abs(System.currentTimeMillis() - ts) < TimeUnit.MINUTES.toMillis(1), "ts is wall-clock ms: " + ts);
        }
        assertNothingBefore(bob, "probe-room");
    }

    @Test
    void shouldEchoPublishIdInAckWhenGiven() throws Exception
    {
        final TextClient alice = client("alice");
        alice.join("r", "join");
        alice.send("{\"type\":\"publish\",\"room\":\"r\",\"id\":\"p-1\",\"data\":{\"n\":0}}");
        assertEquals("{\"type\":\"ack\",\"id\":\"p-1\",\"seq\":1}", alice.next());
        assertEquals("{\"n\":0}", message(alice.next()).group(6));
    }

    @Test
    void shouldDeliverWholeMessageWhenDataNeedsExtendedFrameLength() throws Exception
    {
        final TextClient alice = client("alice");
        alice.join("r", "join");
        // 16-bit and 64-bit WebSocket payload lengths (126 .. 65,535 bytes, and more)
        for (final int payloadBytes : new int[] {200, 65_535, 70_000})
        {
            final String data = LoadMessages.data(payloadBytes, 3);
            alice.send(publish("r", data));
            alice.next();
            assertEquals(data, message(alice.next()).group(6));
        }
    }

    @Test
    void shouldSendNothingToClientWhenNotInRoom() throws Exception
    {
        final TextClient alice = client("alice");
        final TextClient bob = client("bob");
        final TextClient carol = client("carol");
        alice.join("lobby", "join");
        bob.join("lobby", "join");
        carol.join("elsewhere", "join");

        alice.send(publish("lobby", LoadMessages.data(100, 0)));
        message(bob.next());
        assertNothingBefore(carol, "elsewhere-too");
    }

    @Test
    void shouldDeliverOnceWhenJoinedTwice() throws Exception
    {
        final TextClient alice = client("alice");
        alice.join("r", "join");
        assertEquals("{\"type\":\"ack\",\"id\":\"again\"}", alice.join("r", "again"));
        alice.send(publish("r", "1"));
        assertEquals("{\"type\":\"ack\",\"seq\":1}", alice.next());
        message(alice.next());
        assertNothingBefore(alice, "probe-room");
    }

    @Test
    void shouldKeepOtherConnectionsOpenWhenClientSendsGarbage() throws Exception
    {
        final TextClient alice = client("alice");
        final TextClient bob = client("bob");
        final TextClient mallory = client("mallory");
        alice.join("lobby", "join");
        bob.join("lobby", "join");
        mallory.join("own", "join");

        final String[][] garbage = {
            {"not json at all", "bad_request"},
            {"", "bad_request"},
            {"{\"type\":", "bad_request"},
            {"{\"type\":\"publish\",\"room\":\"own\",\"data\":{\"n\":1", "bad_request"},
            {"{\"type\":\"publish\",\"room\":\"own\"}", "bad_request"},
            {"{\"type\":\"join\",\"room\":\"has space\"}", "bad_request"},
            {"{\"type\":\"join\",\"room\":\"" + "r".repeat(129) + "\"}", "bad_request"},
            {"{\"type\":7}", "bad_request"},
            {"{\"room\":\"lobby\"}", "bad_request"},
            {"{\"type\":\"join\",\"room\":\"r\",\"id\":{\"x\":1}}", "bad_request"},
            {"{\"type\":\"ping\"}", "unknown_type"},
            {"{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"m1\",\"data\":{}}", "not_member"},
        };
        for (final String[] line : garbage)
        {
            mallory.send(line[0]);
            final String reply = mallory.next();
            assertTrue(reply.startsWith("{\"type\":\"error\""), line[0] + " -> " + reply);
            assertTrue(reply.contains("\"code\":\"" + line[1] + "\""), line[0] + " -> " + reply);
        }
        mallory.sendBinary(new byte[] {1, 2, 3});
        assertTrue(mallory.next().contains("\"code\":\"bad_request\""));

        // and garbage below WebSocket: raw bytes on a new TCP connection
        try (Socket raw = new Socket("127.0.0.1", server.port()))
        {
            raw.setSoTimeout((int)TimeUnit.SECONDS.toMillis(TextClient.TIMEOUT_S));
            raw.getOutputStream().write("\u0000\u00ffGARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            raw.getOutputStream().flush();
            while (raw.getInputStream().read() >= 0)
            {
                // the server answers and closes; read to the end
            }
        }

        alice.send(publish("lobby", LoadMessages.data(50, 9)));
        assertEquals(LoadMessages.data(50, 9), message(bob.next()).group(6));
        assertEquals("{\"type\":\"ack\",\"seq\":1}", alice.next());
        message(alice.next());
        assertFalse(alice.isClosed());
        assertFalse(bob.isClosed());
        assertFalse(mallory.isClosed(), "a bad command gets an error; the connection stays open");
    }

    @Test
    void shouldAnswerUnauthenticatedWhenConnectedWithoutClientId() throws Exception
    {
        final TextClient anonymous = client(null);
        final String reply = anonymous.join("lobby", "join");
        assertEquals("{\"type\":\"error\",\"id\":\"join\",\"error\":{\"code\":\"unauthenticated\"," +
            "\"message\":\"no identity: connect with ?client_id=<user>\"}}", reply);
        final TextClient badName = client("a%22b");
        assertTrue(badName.join("lobby", "join").contains("\"code\":\"unauthenticated\""));
    }

    @Test
    void shouldDropRoomWhenLastMemberLeaves() throws Exception
    {
        final TextClient alice = client("alice");
        final TextClient bob = client("bob");
        alice.join("lobby", "join");
        bob.join("lobby", "join");
        assertEquals(1, server.roomCount());
        alice.close();
        bob.close();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TextClient.TIMEOUT_S);
        while (server.roomCount() > 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(0, server.roomCount());

        // a new room of that name starts again at seq 1
        final TextClient carol = client("carol");
        carol.join("lobby", "join");
        carol.send(publish("lobby", "0"));
        assertEquals("{\"type\":\"ack\",\"seq\":1}", carol.next());
    }

    @Test
    void shouldReportBoundPortWhenStartedOnPortZero()
    {
        assertTrue(server.port() > 0);
        assertEquals("ws://127.0.0.1:" + server.port() + "/ws", server.url());
        assertTrue(server.transport().equals("epoll") || server.transport().equals("nio"), server.transport());
    }

    @Test
    void shouldRefuseToListenWhenHostIsNotLoopback()
    {
        for (final String host : new String[] {"0.0.0.0", "10.0.0.1", "127.0.1.1", "example.com"})
        {
            assertThrows(IllegalArgumentException.class, () -> FloorServer.start(host, 0, 1), host);
        }
    }
}
