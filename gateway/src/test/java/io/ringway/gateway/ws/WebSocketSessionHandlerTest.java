package io.ringway.gateway.ws;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.RecordingEngineLink;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.auth.JwtVerifier;
import io.ringway.gateway.auth.TestTokens;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.session.ConnectionState;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.gateway.TestFrames.concat;
import static io.ringway.gateway.TestFrames.frame;
import static io.ringway.gateway.TestFrames.jsonFrame;
import static io.ringway.gateway.TestFrames.payloadOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session end of the WebSocket pipeline. The handshake is simulated with the user event
 * {@link WebSocketServerProtocolHandler} fires once it completes; the frames are what the
 * aggregator would pass on.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class WebSocketSessionHandlerTest
{
    private static final int GATEWAY_ID = 3;
    private static final int MAX_FRAME_BYTES = 1024;
    private static final int JOIN_ROOM = 0x02;
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
        channel = new EmbeddedChannel(new WebSocketSessionHandler(registry, new ClientCommandHandler(link), MAX_FRAME_BYTES));
    }

    @AfterEach
    void tearDown()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRegisterOpenJsonSessionAndOfferSessionOpenWhenHandshakeCarriesClientId()
    {
        handshake("/ws?client_id=alice");

        final GatewaySession session = onlySession();
        assertEquals(WireFormat.WEBSOCKET_JSON, session.format());
        assertEquals(ConnectionState.OPEN, session.state());
        assertEquals("alice", session.user());
        final RecordingEngineLink.Command open = link.single();
        assertEquals(LinkType.SESSION_OPEN, open.type());
        assertEquals(GATEWAY_ID, open.gatewayId());
        assertEquals(session.id(), open.sessionId());
        assertEquals("alice", open.name());
    }

    @Test
    void shouldOfferJoinWhenTextCommandArrives()
    {
        handshake("/ws?client_id=alice");
        link.clear();

        sendText("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}");

        final RecordingEngineLink.Command join = link.single();
        assertEquals(LinkType.JOIN, join.type());
        assertEquals("lobby", join.name());
        assertEquals("\"1\"", join.corrId());
        assertEquals(onlySession().id(), join.sessionId());
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldReplyPongAsTextJsonWhenPingArrives()
    {
        handshake("/ws?client_id=alice");

        sendText("{\"type\":\"ping\"}");

        final String pong = nextText();
        assertTrue(pong.matches("\\{\"type\":\"pong\",\"ts\":\\d+}"), pong);
    }

    @Test
    void shouldReplyUnauthenticatedAndStayOpenWhenNoClientIdWasGiven()
    {
        handshake("/ws");

        sendText("{\"type\":\"join\",\"room\":\"lobby\",\"id\":5}");

        final String error = nextText();
        assertTrue(error.startsWith("{\"type\":\"error\",\"id\":5,\"error\":{\"code\":\"unauthenticated\""), error);
        assertTrue(channel.isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldAnswerAuthWithAuthOkWhenNoClientIdWasGiven()
    {
        handshake("/ws");

        sendText("{\"type\":\"auth\",\"data\":{\"token\":\"bob\"},\"id\":\"a\"}");

        assertEquals("{\"type\":\"auth_ok\",\"id\":\"a\",\"data\":{\"user\":\"bob\"}}", nextText());
        assertEquals("bob", link.single().name());
    }

    @Test
    void shouldReplyBadRequestAndStayAnonymousWhenClientIdIsTooLong()
    {
        handshake("/ws?client_id=" + "x".repeat(129));

        final String error = nextText();
        assertTrue(error.startsWith("{\"type\":\"error\",\"error\":{\"code\":\"bad_request\""), error);
        assertFalse(onlySession().isAuthenticated());
        assertTrue(link.commands().isEmpty());
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldReplyOverloadedWhenLinkRefusesSessionOpenAtHandshake()
    {
        link.refuse(true);

        handshake("/ws?client_id=alice");

        assertTrue(nextText().startsWith("{\"type\":\"error\",\"error\":{\"code\":\"overloaded\""));
        assertFalse(onlySession().isAuthenticated());
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldReplyInBinaryFramesWhenEncodingIsBinary()
    {
        handshake("/ws?client_id=alice&encoding=binary");
        assertEquals(WireFormat.WEBSOCKET_BINARY, onlySession().format());

        sendText("{\"type\":\"ping\"}");
        sendText("{\"type\":\"dance\",\"id\":\"9\"}");

        final String pong = payloadOf(nextBinary(), HEARTBEAT, FLAG_JSON);
        assertTrue(pong.matches("\\{\"type\":\"pong\",\"ts\":\\d+}"), pong);
        final String error = payloadOf(nextBinary(), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"unknown_type\",\"message\":"), error);
        assertTrue(error.endsWith(",\"id\":\"9\"}"), error);
    }

    @Test
    void shouldHandleBothFramesWhenBinaryMessageHoldsTwoCoalescedFrames()
    {
        handshake("/ws?client_id=alice&encoding=binary");
        link.clear();
        final byte[] heartbeat = frame(1, HEARTBEAT, 0x00, new byte[] {'z'});

        sendBinary(concat(jsonFrame(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}"), heartbeat));

        final RecordingEngineLink.Command join = link.single();
        assertEquals(LinkType.JOIN, join.type());
        assertEquals("lobby", join.name());
        assertArrayEquals(heartbeat, nextBinary());
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldAnswerBinaryHeartbeatWithJsonPongWhenEncodingIsJson()
    {
        handshake("/ws?client_id=alice");

        sendBinary(frame(1, HEARTBEAT, 0x00, new byte[] {(byte)0xC3, 0x28})); // not UTF-8: must never go out as text

        final String pong = nextText();
        assertTrue(pong.matches("\\{\"type\":\"pong\",\"ts\":\\d+}"), pong);
    }

    @Test
    void shouldSendErrorThenClose1002WhenBinaryMessageEndsWithPartialFrame()
    {
        handshake("/ws?client_id=alice");
        final long sessionId = onlySession().id();
        link.clear();
        final byte[] join = jsonFrame(JOIN_ROOM, "{\"room\":\"lobby\"}");

        sendBinary(concat(join, Arrays.copyOf(join, 10)));

        assertEquals(LinkType.JOIN, link.commands().get(0).type(), "the whole frame before the partial one is handled");
        final String error = nextText();
        assertTrue(error.startsWith("{\"type\":\"error\",\"error\":{\"code\":\"bad_frame\""), error);
        assertClose(1002, "bad_frame");
        assertFalse(channel.isOpen());
        assertEquals(LinkType.SESSION_CLOSE, link.commands().get(1).type());
        assertEquals(sessionId, link.commands().get(1).sessionId());
        assertEquals(0, registry.size());
    }

    @Test
    void shouldSendErrorThenClose1002WhenBinaryFrameHasUnsupportedVersion()
    {
        handshake("/ws?client_id=alice&encoding=binary");

        sendBinary(frame(2, HEARTBEAT, 0x00, new byte[0]));

        assertTrue(payloadOf(nextBinary(), ERROR, FLAG_JSON).startsWith("{\"code\":\"unsupported_version\""));
        assertClose(1002, "unsupported_version");
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldSendTooLargeThenClose1009WhenTooLongFrameExceptionIsCaught()
    {
        handshake("/ws?client_id=alice");

        channel.pipeline().fireExceptionCaught(new TooLongFrameException("content length exceeded " + MAX_FRAME_BYTES + " bytes"));
        channel.runPendingTasks();

        final String error = nextText();
        assertTrue(error.startsWith("{\"type\":\"error\",\"error\":{\"code\":\"too_large\""), error);
        assertClose(1009, "too_large");
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldPingWhenNothingWasReceivedForHalfTheIdleTimeout()
    {
        handshake("/ws?client_id=alice");

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);

        final Object out = channel.readOutbound();
        assertInstanceOf(PingWebSocketFrame.class, out);
        ReferenceCountUtil.release(out);
        assertTrue(channel.isOpen());
        assertEquals(ConnectionState.OPEN, onlySession().state());
    }

    @Test
    void shouldSendIdleTimeoutThenClose1001WhenNothingWasReceivedForTheWholeIdleTimeout()
    {
        handshake("/ws?client_id=alice");
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        ReferenceCountUtil.release(channel.readOutbound());

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        channel.runPendingTasks();

        assertTrue(nextText().startsWith("{\"type\":\"error\",\"error\":{\"code\":\"idle_timeout\""));
        assertClose(1001, "idle_timeout");
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldIgnoreOtherIdleEvents()
    {
        handshake("/ws?client_id=alice");

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);

        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldCloseWith1013WhenRegistryIsFull()
    {
        final List<EmbeddedChannel> others = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final EmbeddedChannel other = new EmbeddedChannel(
                new WebSocketSessionHandler(registry, new ClientCommandHandler(link), MAX_FRAME_BYTES));
            other.pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete("/ws", EmptyHttpHeaders.INSTANCE, null));
            others.add(other);
        }

        handshake("/ws?client_id=alice");

        assertClose(1013, null);
        assertFalse(channel.isOpen());
        assertEquals(4, registry.size());
        assertTrue(link.commands().isEmpty());
        others.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void shouldReleaseAndIgnoreFramesBeforeHandshake()
    {
        final TextWebSocketFrame early = new TextWebSocketFrame(TestFrames.buf("{\"type\":\"ping\"}"));

        channel.writeInbound(early);

        assertEquals(0, early.refCnt());
        assertNull(channel.readOutbound());
        assertEquals(0, registry.size());
    }

    @Test
    void shouldReleaseEveryInboundFrame()
    {
        handshake("/ws?client_id=alice");
        final TextWebSocketFrame text = new TextWebSocketFrame(TestFrames.buf("{\"type\":\"ping\"}"));
        final BinaryWebSocketFrame binary = new BinaryWebSocketFrame(TestFrames.buf(frame(1, HEARTBEAT, 0, new byte[0])));

        channel.writeInbound(text, binary);
        channel.runPendingTasks();

        assertEquals(0, text.refCnt());
        drainOutbound();
        assertEquals(0, binary.refCnt(), "the echoed heartbeat's slice was written and released too");
    }

    @Test
    void shouldOfferSessionCloseWhenChannelClosesAfterHandshake()
    {
        handshake("/ws?client_id=alice");
        final long sessionId = onlySession().id();
        link.clear();

        channel.close();

        final RecordingEngineLink.Command close = link.single();
        assertEquals(LinkType.SESSION_CLOSE, close.type());
        assertEquals(sessionId, close.sessionId());
        assertEquals(0, registry.size());
    }

    // ---- tokens required ----

    @Test
    void shouldBindSubWhenTokenQueryIsValidAndIgnoreClientId()
    {
        useJwtChannel();
        final String token = TestTokens.rs256(TestTokens.claims("alice").build());

        handshake("/ws?client_id=mallory&token=" + token);

        assertEquals("alice", onlySession().user());
        assertEquals("alice", link.single().name());
        assertNull(channel.readOutbound(), "no auth_ok, as with client_id");
    }

    @Test
    void shouldStayAnonymousWhenOnlyClientIdIsGivenAndTokensAreRequired()
    {
        useJwtChannel();

        handshake("/ws?client_id=alice");
        sendText("{\"type\":\"join\",\"room\":\"lobby\",\"id\":5}");

        assertFalse(onlySession().isAuthenticated());
        assertTrue(link.commands().isEmpty());
        final String error = nextText();
        assertTrue(error.startsWith("{\"type\":\"error\",\"id\":5,\"error\":{\"code\":\"unauthenticated\""), error);
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldSendUnauthenticatedThenClose1008WhenTokenQueryIsExpired()
    {
        useJwtChannel();
        final String token = TestTokens.hs256(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("alice")
            .expirationTime(java.util.Date.from(TestTokens.FAR_PAST)).build());

        handshake("/ws?token=" + token);

        assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"unauthenticated\",\"message\":\"expired\"}}", nextText());
        assertClose(1008, "unauthenticated");
        assertFalse(channel.isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldSendUnauthenticatedThenClose1008WhenTokenQueryIsEmpty()
    {
        useJwtChannel();

        handshake("/ws?token=");

        assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"unauthenticated\",\"message\":\"malformed\"}}", nextText());
        assertClose(1008, "unauthenticated");
    }

    private void useJwtChannel()
    {
        channel.finishAndReleaseAll();
        final JwtVerifier verifier = new JwtVerifier(
            AuthConfig.jwt(TestTokens.SECRET, TestTokens.jwks(), null, null, 30), Clock.systemUTC());
        channel = new EmbeddedChannel(new WebSocketSessionHandler(registry, new ClientCommandHandler(link, verifier), MAX_FRAME_BYTES));
    }

    private void handshake(final String uri)
    {
        channel.pipeline().fireUserEventTriggered(
            new WebSocketServerProtocolHandler.HandshakeComplete(uri, EmptyHttpHeaders.INSTANCE, null));
        channel.runPendingTasks();
    }

    private void sendText(final String json)
    {
        channel.writeInbound(new TextWebSocketFrame(TestFrames.buf(json)));
        channel.runPendingTasks();
    }

    private void sendBinary(final byte[] bytes)
    {
        channel.writeInbound(new BinaryWebSocketFrame(TestFrames.buf(bytes)));
        channel.runPendingTasks();
    }

    private String nextText()
    {
        final Object out = channel.readOutbound();
        assertNotNull(out, "expected a text frame");
        return TestFrames.wsTextAndRelease(out);
    }

    private byte[] nextBinary()
    {
        final Object out = channel.readOutbound();
        assertNotNull(out, "expected a binary frame");
        return TestFrames.wsBinaryAndRelease(out);
    }

    private void assertClose(final int status, final String reason)
    {
        final Object out = channel.readOutbound();
        assertNotNull(out, "expected a close frame");
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, out, () -> release(out));
        try
        {
            assertEquals(status, close.statusCode());
            if (reason != null)
            {
                assertEquals(reason, close.reasonText());
            }
        }
        finally
        {
            close.release();
        }
    }

    private void drainOutbound()
    {
        Object out;
        while ((out = channel.readOutbound()) != null)
        {
            if (out instanceof WebSocketFrame frame)
            {
                frame.release();
            }
            else
            {
                ReferenceCountUtil.release(out);
            }
        }
    }

    private static String release(final Object message)
    {
        final String text = String.valueOf(message);
        ReferenceCountUtil.release(message);
        return text;
    }

    private GatewaySession onlySession()
    {
        final List<GatewaySession> sessions = new ArrayList<>();
        registry.forEach(sessions::add);
        assertEquals(1, sessions.size());
        return sessions.get(0);
    }
}
