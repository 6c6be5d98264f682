package io.ringway.gateway.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.RecordingEngineLink;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.protocol.ClientFrameDecoder;
import io.ringway.gateway.session.ConnectionState;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ringway.gateway.TestFrames.concat;
import static io.ringway.gateway.TestFrames.frame;
import static io.ringway.gateway.TestFrames.jsonFrame;
import static io.ringway.gateway.TestFrames.payloadOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw TCP pipeline as {@link TcpServerInitializer} builds it (minus the idle timer), over a fake engine link. */
@ExtendWith(NettyLeakDetectionExtension.class)
class TcpSessionHandlerTest
{
    private static final int GATEWAY_ID = 7;
    private static final int MAX_FRAME_BYTES = 1024;
    private static final int HELLO = 0x01;
    private static final int JOIN_ROOM = 0x02;
    private static final int MESSAGE = 0x04;
    private static final int HEARTBEAT = 0x05;
    private static final int ERROR = 0x06;
    private static final int FLAG_JSON = 0x01;

    private final RecordingEngineLink link = new RecordingEngineLink(GATEWAY_ID);
    private SessionRegistry registry;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp()
    {
        registry = new SessionRegistry(4, 64, 64, 64);
        channel = newChannel();
    }

    @AfterEach
    void tearDown()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRegisterOpenSessionWhenChannelBecomesActive()
    {
        final GatewaySession session = onlySession();

        assertSame(channel, session.channel());
        assertEquals(WireFormat.TCP_BINARY, session.format());
        assertEquals(ConnectionState.OPEN, session.state());
    }

    @Test
    void shouldOfferSessionOpenAndReplyAuthOkWhenHelloNamesUser()
    {
        final long sessionId = onlySession().id();

        send(jsonFrame(HELLO, "{\"user\":\"alice\"}"));

        final RecordingEngineLink.Command open = link.single();
        assertEquals(LinkType.SESSION_OPEN, open.type());
        assertEquals(GATEWAY_ID, open.gatewayId());
        assertEquals(sessionId, open.sessionId());
        assertEquals("alice", open.name());
        assertArrayEquals(jsonFrame(HELLO, "{\"type\":\"auth_ok\",\"data\":{\"user\":\"alice\"}}"), nextFrame());
        assertNull(channel.readOutbound());
        assertEquals("alice", onlySession().user());
    }

    @Test
    void shouldReplyUnauthenticatedAndStayOpenWhenJoinArrivesBeforeHello()
    {
        send(jsonFrame(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}"));

        final String error = payloadOf(nextFrame(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"unauthenticated\",\"message\":\""), error);
        assertTrue(error.endsWith(",\"id\":\"1\"}"), error);
        assertTrue(channel.isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldOfferJoinWithRoomAndCorrIdWhenAuthenticated()
    {
        hello("alice");

        send(jsonFrame(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}"));

        final RecordingEngineLink.Command join = link.single();
        assertEquals(LinkType.JOIN, join.type());
        assertEquals(onlySession().id(), join.sessionId());
        assertEquals("lobby", join.name());
        assertEquals("\"1\"", join.corrId());
        assertNull(channel.readOutbound(), "the ack comes from the engine, not the gateway");
    }

    @Test
    void shouldEchoHeartbeatByteForByte()
    {
        final byte[] empty = frame(1, HEARTBEAT, 0x00, new byte[0]);
        final byte[] withPayload = frame(1, HEARTBEAT, 0x00, new byte[] {'a', 0, (byte)0xFE});

        send(concat(empty, withPayload));

        assertArrayEquals(empty, nextFrame());
        assertArrayEquals(withPayload, nextFrame());
        assertTrue(channel.isOpen());
        assertTrue(link.commands().isEmpty());
    }

    static Stream<Arguments> badFrames()
    {
        return Stream.of(
            Arguments.of(new byte[] {0, 0, 0, 5}, "bad_frame"),
            Arguments.of(new byte[] {0, 0, 0x10, 0}, "too_large"),
            Arguments.of(frame(2, HEARTBEAT, 0x00, new byte[0]), "unsupported_version"),
            Arguments.of(frame(1, 0x0E, FLAG_JSON, "{}".getBytes()), "unknown_type"),
            Arguments.of(frame(1, ERROR, FLAG_JSON, "{}".getBytes()), "unknown_type"),
            Arguments.of(frame(1, MESSAGE, 0x04, "{}".getBytes()), "bad_frame"));
    }

    @ParameterizedTest
    @MethodSource("badFrames")
    void shouldSendErrorFrameThenCloseWhenFrameIsBad(final byte[] bad, final String code)
    {
        send(concat(bad, frame(1, HEARTBEAT, 0x00, new byte[0])));

        final String error = payloadOf(nextFrame(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"" + code + "\",\"message\":\""), error);
        assertTrue(error.endsWith("\"}"), error);
        assertNull(channel.readOutbound(), "nothing after the error; the heartbeat behind the bad frame is discarded");
        assertFalse(channel.isOpen());
        assertEquals(0, registry.size());
    }

    @Test
    void shouldSendBadFrameAndCloseWhenJsonPayloadIsMalformed()
    {
        send(jsonFrame(HELLO, "{\"user\":"));

        final String error = payloadOf(nextFrame(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"bad_frame\""), error);
        assertFalse(channel.isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldSendBadFrameAndCloseWhenCommandLacksJsonFlag()
    {
        send(frame(1, JOIN_ROOM, 0x00, "{\"room\":\"lobby\"}".getBytes()));

        final String error = payloadOf(nextFrame(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"bad_frame\""), error);
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldReplyBadRequestAndStayOpenWhenJoinHasNoRoom()
    {
        hello("alice");

        send(jsonFrame(JOIN_ROOM, "{\"id\":7}"));

        final String error = payloadOf(nextFrame(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"bad_request\""), error);
        assertTrue(error.endsWith(",\"id\":7}"), error);
        assertTrue(channel.isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyOverloadedAndStayOpenWhenLinkRefusesCommand()
    {
        hello("alice");
        link.refuse(true);

        send(jsonFrame(MESSAGE, "{\"room\":\"lobby\",\"id\":\"3\",\"data\":{\"text\":\"hi\"}}"));

        final String error = payloadOf(nextFrame(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"overloaded\""), error);
        assertTrue(error.endsWith(",\"id\":\"3\"}"), error);
        assertTrue(channel.isOpen());
        assertEquals(1, link.refused());
    }

    @Test
    void shouldReplyOverloadedAndStayAnonymousWhenLinkRefusesHello()
    {
        link.refuse(true);

        send(jsonFrame(HELLO, "{\"user\":\"alice\"}"));

        assertTrue(payloadOf(nextFrame(), ERROR, FLAG_JSON).startsWith("{\"code\":\"overloaded\""));
        assertFalse(onlySession().isAuthenticated());

        link.refuse(false);
        send(jsonFrame(JOIN_ROOM, "{\"room\":\"lobby\"}"));

        assertTrue(payloadOf(nextFrame(), ERROR, FLAG_JSON).startsWith("{\"code\":\"unauthenticated\""));
    }

    @Test
    void shouldOfferSessionCloseWhenChannelClosesAfterHello()
    {
        final long sessionId = onlySession().id();
        hello("alice");

        channel.close();

        final RecordingEngineLink.Command close = link.single();
        assertEquals(LinkType.SESSION_CLOSE, close.type());
        assertEquals(GATEWAY_ID, close.gatewayId());
        assertEquals(sessionId, close.sessionId());
        assertEquals(0, registry.size());
        assertNull(registry.get(sessionId));
    }

    @Test
    void shouldNotOfferSessionCloseWhenAnonymousChannelCloses()
    {
        channel.close();

        assertTrue(link.commands().isEmpty());
        assertEquals(0, registry.size());
    }

    @Test
    void shouldHandleFramesBeforeViolationThenCloseWhenCoalesced()
    {
        final long sessionId = onlySession().id();

        send(concat(jsonFrame(HELLO, "{\"user\":\"alice\"}"), frame(1, 0x0E, FLAG_JSON, "{}".getBytes())));

        assertEquals(List.of(LinkType.SESSION_OPEN, LinkType.SESSION_CLOSE),
            link.commands().stream().map(RecordingEngineLink.Command::type).toList());
        assertEquals(sessionId, link.commands().get(1).sessionId());
        // The close discards what was still queued (auth_ok) and says why.
        assertTrue(payloadOf(nextFrame(), ERROR, FLAG_JSON).startsWith("{\"code\":\"unknown_type\""));
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldSendIdleTimeoutErrorAndCloseWhenReaderIdle()
    {
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        channel.runPendingTasks();

        assertTrue(payloadOf(nextFrame(), ERROR, FLAG_JSON).startsWith("{\"code\":\"idle_timeout\""));
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseConnectionWithOverloadedWhenRegistryIsFull()
    {
        final EmbeddedChannel[] others = {newChannel(), newChannel(), newChannel()};
        assertEquals(4, registry.size());

        final EmbeddedChannel refused = newChannel();

        final ByteBuf out = refused.readOutbound();
        assertNotNull(out);
        assertTrue(payloadOf(TestFrames.bytesAndRelease(out), ERROR, FLAG_JSON).startsWith("{\"code\":\"overloaded\""));
        assertFalse(refused.isOpen());
        assertEquals(4, registry.size());
        for (final EmbeddedChannel other : others)
        {
            other.finishAndReleaseAll();
        }
        refused.finishAndReleaseAll();
    }

    @Test
    void shouldOfferSessionCloseWhenServerClosesAuthenticatedSession()
    {
        hello("alice");
        final GatewaySession session = onlySession();

        session.close(ErrorCode.INTERNAL, "test");

        assertTrue(payloadOf(nextFrame(), ERROR, FLAG_JSON).startsWith("{\"code\":\"internal\",\"message\":\"test\"}"));
        assertFalse(channel.isOpen());
        assertEquals(ConnectionState.CLOSED, session.state());
        assertEquals(List.of(LinkType.SESSION_CLOSE), link.commands().stream().map(RecordingEngineLink.Command::type).toList());
    }

    private EmbeddedChannel newChannel()
    {
        return new EmbeddedChannel(
            new ClientFrameDecoder(MAX_FRAME_BYTES), new TcpSessionHandler(registry, new ClientCommandHandler(link)));
    }

    private void hello(final String user)
    {
        send(jsonFrame(HELLO, "{\"user\":\"" + user + "\"}"));
        assertEquals("{\"type\":\"auth_ok\",\"data\":{\"user\":\"" + user + "\"}}", payloadOf(nextFrame(), HELLO, FLAG_JSON));
        link.clear();
    }

    private void send(final byte[] bytes)
    {
        channel.writeInbound(TestFrames.buf(bytes));
        channel.runPendingTasks();
    }

    private byte[] nextFrame()
    {
        final Object out = channel.readOutbound();
        assertNotNull(out, "expected a frame written to the channel");
        return TestFrames.bytesAndRelease((ByteBuf)out);
    }

    private GatewaySession onlySession()
    {
        final List<GatewaySession> sessions = new ArrayList<>();
        registry.forEach(sessions::add);
        assertEquals(1, sessions.size());
        return sessions.get(0);
    }
}
