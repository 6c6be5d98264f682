package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.session.TypingThrottle;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.RecordingEngineLink;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.auth.JwtVerifier;
import io.ringway.gateway.auth.TestTokens;
import io.ringway.gateway.session.ConnectionState;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

@ExtendWith(NettyLeakDetectionExtension.class)
class ClientCommandHandlerTest
{
    private static final int GATEWAY_ID = 7;
    private static final int HELLO = 0x01;
    private static final int JOIN_ROOM = 0x02;
    private static final int MESSAGE = 0x04;
    private static final int HEARTBEAT = 0x05;
    private static final int ERROR = 0x06;
    private static final int FLAG_JSON = 0x01;

    private final RecordingEngineLink link = new RecordingEngineLink(GATEWAY_ID);
    /** The gateway's monotonic clock as the handler sees it (typing rate limit). */
    private long nowNs = 1_000_000_000L;
    private final ClientCommandHandler handler = new ClientCommandHandler(link, null, () -> nowNs);
    /** Tokens required: the HS256 test secret and the test JWKS (tokens expire in 2100 or expired in 2000). */
    private final ClientCommandHandler jwtHandler = new ClientCommandHandler(link,
        new JwtVerifier(AuthConfig.jwt(TestTokens.SECRET, TestTokens.jwks(), null, null, 30), Clock.systemUTC()));
    private final SessionRegistry registry = new SessionRegistry(4, 64, 64, 64);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void shouldOfferPublishWithExactDataBytesAndIds()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        final String data = "{ \"text\" : \"h\\u00e9\\\"llo\",\n \"n\":[1, 2.50, -0e3], \"nested\":{\"to\":\"x\"} }";

        json(session, "{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"3\",\"data\":" + data + ",\"svc\":\"chat\"}");

        final RecordingEngineLink.Command publish = link.single();
        assertEquals(LinkType.PUBLISH, publish.type());
        assertEquals(GATEWAY_ID, publish.gatewayId());
        assertEquals(session.id(), publish.sessionId());
        assertEquals("lobby", publish.name());
        assertEquals("\"3\"", publish.corrId());
        assertArrayEquals(data.getBytes(StandardCharsets.UTF_8), publish.data());
        assertNull(nextOutbound(session), "the ack comes from the engine");
    }

    @Test
    void shouldKeepNumericCorrIdVerbatimWhenPublishing()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"id\":42,\"type\":\"message\",\"room\":\"r\",\"data\":true}");

        final RecordingEngineLink.Command publish = link.single();
        assertEquals(LinkType.PUBLISH, publish.type());
        assertEquals("42", publish.corrId());
        assertEquals("true", publish.dataAsString());
    }

    @Test
    void shouldOfferPublishWhenInputIsLargerThanTheScratchArray()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        final String data = "\"" + "x".repeat(10_000) + "\"";

        json(session, "{\"type\":\"publish\",\"room\":\"big\",\"data\":" + data + "}");

        assertEquals(data, link.single().dataAsString());
    }

    @Test
    void shouldOfferDirectWhenMessageNamesRecipientInData()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"message\",\"id\":\"d\",\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}");

        final RecordingEngineLink.Command direct = link.single();
        assertEquals(LinkType.DIRECT, direct.type());
        assertEquals("bob", direct.name());
        assertEquals("\"d\"", direct.corrId());
        assertEquals("{\"to\":\"bob\",\"text\":\"hi\"}", direct.dataAsString());
    }

    @Test
    void shouldOfferJoinAndLeave()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}");
        json(session, "{\"type\":\"leave\",\"room\":\"lobby\"}");

        assertEquals(2, link.commands().size());
        assertEquals(LinkType.JOIN, link.commands().get(0).type());
        assertEquals("lobby", link.commands().get(0).name());
        assertEquals(LinkType.LEAVE, link.commands().get(1).type());
        assertNull(link.commands().get(1).corrId());
    }

    @Test
    void shouldReplyPongWhenPingArrivesEvenBeforeAuth()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);

        json(session, "{\"type\":\"ping\",\"id\":\"p\"}");

        final String pong = nextText(session);
        assertTrue(pong.matches("\\{\"type\":\"pong\",\"id\":\"p\",\"ts\":\\d+}"), pong);
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldBindUserAndOfferSessionOpenOnceWhenAuthRepeatsInDevMode()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);

        json(session, "{\"type\":\"auth\",\"data\":{\"token\":\"alice\"},\"id\":\"a\"}");
        json(session, "{\"type\":\"auth\",\"data\":{\"token\":\"alice\"},\"id\":\"b\"}");

        assertTrue(session.isAuthenticated());
        assertEquals("alice", session.user());
        final RecordingEngineLink.Command open = link.single();
        assertEquals(LinkType.SESSION_OPEN, open.type());
        assertEquals(GATEWAY_ID, open.gatewayId());
        assertEquals(session.id(), open.sessionId());
        assertEquals("alice", open.name());
        assertEquals("{\"type\":\"auth_ok\",\"id\":\"a\",\"data\":{\"user\":\"alice\"}}", nextText(session));
        assertEquals("{\"type\":\"auth_ok\",\"id\":\"b\",\"data\":{\"user\":\"alice\"}}", nextText(session));
    }

    @Test
    void shouldReplyAlreadyAuthenticatedWhenAuthNamesDifferentUser()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"auth\",\"token\":\"bob\",\"id\":\"a2\"}");

        assertEquals("{\"type\":\"error\",\"id\":\"a2\",\"error\":{\"code\":\"already_authenticated\",\"message\":\"connection is bound to alice\"}}",
            nextText(session));
        assertEquals("alice", session.user());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyBadRequestWhenAuthTokenIsLongerThanAUserId()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);

        json(session, "{\"type\":\"auth\",\"data\":{\"token\":\"" + "t".repeat(129) + "\"}}");

        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"error\":{\"code\":\"bad_request\""));
        assertFalse(session.isAuthenticated());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyOverloadedAndStayAnonymousWhenLinkRefusesAuth()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);
        link.refuse(true);

        json(session, "{\"type\":\"auth\",\"data\":{\"token\":\"alice\"},\"id\":\"a\"}");

        assertEquals("{\"type\":\"error\",\"id\":\"a\",\"error\":{\"code\":\"overloaded\",\"message\":\"engine is saturated, retry later\"}}",
            nextText(session));
        assertFalse(session.isAuthenticated());
    }

    @Test
    void shouldReplyUnknownTypeWithIdEchoed()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"dance\",\"id\":\"9\"}");

        assertEquals("{\"type\":\"error\",\"id\":\"9\",\"error\":{\"code\":\"unknown_type\",\"message\":\"unknown command type\"}}",
            nextText(session));
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyUnauthenticatedWhenCommandArrivesBeforeAuth()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);

        json(session, "{\"type\":\"publish\",\"room\":\"lobby\",\"id\":1,\"data\":{}}");

        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"id\":1,\"error\":{\"code\":\"unauthenticated\""));
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyBadRequestAndStayOpenWhenJsonIsMalformed()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"join\",\"room\":");
        json(session, "[1,2]");

        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"error\":{\"code\":\"bad_request\""));
        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"error\":{\"code\":\"bad_request\""));
        assertEquals(ConnectionState.OPEN, session.state());
        assertTrue(session.channel().isOpen());
    }

    @Test
    void shouldReplyOverloadedWithIdWhenLinkRefusesCommand()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        link.refuse(true);

        json(session, "{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"j\"}");

        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"id\":\"j\",\"error\":{\"code\":\"overloaded\""));
        assertEquals(1, link.refused());
    }

    @Test
    void shouldOfferSessionCloseOnlyForAuthenticatedSession()
    {
        final GatewaySession anonymous = session(WireFormat.WEBSOCKET_JSON);
        final GatewaySession alice = authenticated(WireFormat.TCP_BINARY, "alice");

        handler.closeSession(anonymous);
        handler.closeSession(alice);

        final RecordingEngineLink.Command close = link.single();
        assertEquals(LinkType.SESSION_CLOSE, close.type());
        assertEquals(alice.id(), close.sessionId());
    }

    @Test
    void shouldRetrySessionCloseFromEventLoopWhenLinkIsSaturated()
    {
        final GatewaySession alice = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        final EmbeddedChannel channel = (EmbeddedChannel)alice.channel();
        channel.freezeTime();
        link.refuse(true);

        handler.closeSession(alice);
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(2, link.refused(), "refused, then retried a millisecond later");
        assertTrue(link.commands().isEmpty());

        link.refuse(false);
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        final RecordingEngineLink.Command close = link.single();
        assertEquals(LinkType.SESSION_CLOSE, close.type());
        assertEquals(alice.id(), close.sessionId());
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(1, link.commands().size(), "no retry once it got through");
    }

    @Test
    void shouldOfferGatewayResetForNoSingleSession()
    {
        assertTrue(handler.resetGateway());

        final RecordingEngineLink.Command reset = link.single();
        assertEquals(LinkType.GATEWAY_RESET, reset.type());
        assertEquals(GATEWAY_ID, reset.gatewayId());
        assertEquals(0L, reset.sessionId());

        link.refuse(true);
        assertFalse(handler.resetGateway());
    }

    @Test
    void shouldBindUserFromHelloFrameAndAnswerWithHelloFrame()
    {
        final GatewaySession session = session(WireFormat.TCP_BINARY);

        onFrame(session, jsonFrame(HELLO, "{\"user\":\"alice\",\"type\":\"ignored\"}"));

        assertEquals("alice", session.user());
        assertEquals("alice", link.single().name());
        assertArrayEquals(jsonFrame(HELLO, "{\"type\":\"auth_ok\",\"data\":{\"user\":\"alice\"}}"), nextBytes(session));
    }

    @Test
    void shouldOfferPublishFromMessageFrame()
    {
        final GatewaySession session = authenticated(WireFormat.TCP_BINARY, "alice");

        onFrame(session, jsonFrame(MESSAGE, "{\"room\":\"lobby\",\"id\":\"3\",\"data\":{\"text\":\"hi\"}}"));

        final RecordingEngineLink.Command publish = link.single();
        assertEquals(LinkType.PUBLISH, publish.type());
        assertEquals("{\"text\":\"hi\"}", publish.dataAsString());
        assertEquals("\"3\"", publish.corrId());
    }

    @Test
    void shouldEchoHeartbeatFrameByteForByteWhenSessionIsBinaryFramed()
    {
        final GatewaySession session = session(WireFormat.TCP_BINARY);
        final byte[] heartbeat = frame(1, HEARTBEAT, 0x00, new byte[] {1, 2, 3});

        onFrame(session, heartbeat);

        assertArrayEquals(heartbeat, nextBytes(session));
    }

    @Test
    void shouldAnswerHeartbeatFrameWithPongWhenSessionIsJson()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);

        onFrame(session, frame(1, HEARTBEAT, 0x00, new byte[] {(byte)0xFF, (byte)0xFE}));

        final String pong = nextText(session);
        assertTrue(pong.matches("\\{\"type\":\"pong\",\"ts\":\\d+}"), pong);
    }

    @Test
    void shouldCloseWithBadFrameWhenCommandFrameLacksJsonPayload()
    {
        final GatewaySession session = authenticated(WireFormat.TCP_BINARY, "alice");

        onFrame(session, frame(1, JOIN_ROOM, FLAG_JSON, new byte[0]));

        assertTrue(payloadOf(nextBytes(session), ERROR, FLAG_JSON).startsWith("{\"code\":\"bad_frame\""));
        assertFalse(session.channel().isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldCloseWithBadFrameWhenFramePayloadIsNotAJsonObject()
    {
        final GatewaySession session = session(WireFormat.TCP_BINARY);

        onFrame(session, jsonFrame(HELLO, "\"alice\""));

        assertTrue(payloadOf(nextBytes(session), ERROR, FLAG_JSON).startsWith("{\"code\":\"bad_frame\""));
        assertFalse(session.channel().isOpen());
    }

    @Test
    void shouldReplyBadRequestAndStayOpenWhenFrameMissesAField()
    {
        final GatewaySession session = authenticated(WireFormat.TCP_BINARY, "alice");

        onFrame(session, jsonFrame(MESSAGE, "{\"room\":\"lobby\",\"id\":\"4\"}"));

        final String error = payloadOf(nextBytes(session), ERROR, FLAG_JSON);
        assertTrue(error.startsWith("{\"code\":\"bad_request\",\"message\":\"missing field: data\""), error);
        assertTrue(error.endsWith(",\"id\":\"4\"}"), error);
        assertTrue(session.channel().isOpen());
    }

    // ---- JWT mode ----

    @Test
    void shouldBindSubAndReplyAuthOkWhenAuthCarriesAValidJwt()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);
        final String token = TestTokens.hs256(TestTokens.claims("alice").build());

        json(jwtHandler, session, "{\"type\":\"auth\",\"data\":{\"token\":\"" + token + "\"},\"id\":\"a\"}");

        assertEquals("alice", session.user());
        final RecordingEngineLink.Command open = link.single();
        assertEquals(LinkType.SESSION_OPEN, open.type());
        assertEquals("alice", open.name());
        assertEquals("{\"type\":\"auth_ok\",\"id\":\"a\",\"data\":{\"user\":\"alice\"}}", nextText(session));
    }

    @Test
    void shouldReplyUnauthenticatedWithReasonThenCloseWhenAuthTokenIsExpired()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);
        final String token = TestTokens.hs256(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("alice")
            .expirationTime(java.util.Date.from(TestTokens.FAR_PAST)).build());

        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + token + "\",\"id\":\"a\"}");

        assertEquals("{\"type\":\"error\",\"id\":\"a\",\"error\":{\"code\":\"unauthenticated\",\"message\":\"expired\"}}",
            nextText(session));
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, nextOutbound(session));
        assertEquals(1008, close.statusCode());
        assertEquals("unauthenticated", close.reasonText());
        close.release();
        assertFalse(session.channel().isOpen());
        assertFalse(session.isAuthenticated());
        assertTrue(link.commands().isEmpty(), "nothing reaches the engine");
    }

    @Test
    void shouldCloseWithUnauthenticatedWhenTheTokenOfAnOpenConnectionExpires()
    {
        final GatewaySession session = jwtAuthenticated(TestTokens.claims("alice")
            .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(60))).build());
        final EmbeddedChannel channel = (EmbeddedChannel)session.channel();
        channel.freezeTime(); // from here only advanceTimeBy moves the expiry timer's clock, not a stalled test thread

        channel.advanceTimeBy(60 + 30 - 5, java.util.concurrent.TimeUnit.SECONDS); // exp + 30 s skew not reached yet
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        assertNull(nextOutbound(session));

        channel.advanceTimeBy(10, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"unauthenticated\",\"message\":\""
            + GatewaySession.TOKEN_EXPIRED + "\"}}", nextText(session));
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, nextOutbound(session));
        assertEquals(1008, close.statusCode());
        close.release();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldKeepTheConnectionOpenUntilTheNewExpWhenAuthRefreshesTheToken()
    {
        final GatewaySession session = jwtAuthenticated(TestTokens.claims("alice")
            .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(60))).build());
        final EmbeddedChannel channel = (EmbeddedChannel)session.channel();
        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + TestTokens.hs256(TestTokens.claims("alice")
            .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(600))).build()) + "\"}");
        assertTrue(nextText(session).startsWith("{\"type\":\"auth_ok\""));

        channel.advanceTimeBy(300, java.util.concurrent.TimeUnit.SECONDS); // well past the first token's exp
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen(), "the refreshed token replaced the first deadline");
        assertNull(nextOutbound(session));

        channel.advanceTimeBy(400, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(nextText(session).contains(GatewaySession.TOKEN_EXPIRED));
        ReferenceCountUtil.release(nextOutbound(session)); // the close frame
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldReplyUnauthenticatedThenCloseWhenAnAuthenticatedSessionSendsAForgedToken()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);
        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + TestTokens.hs256(TestTokens.claims("alice").build()) + "\"}");
        nextText(session);
        final String forged = TestTokens.es256(TestTokens.OTHER_EC, "ec-1", TestTokens.claims("alice").build());

        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + forged + "\",\"id\":2}");

        assertEquals("{\"type\":\"error\",\"id\":2,\"error\":{\"code\":\"unauthenticated\",\"message\":\"bad signature\"}}",
            nextText(session));
        assertFalse(session.channel().isOpen());
    }

    @Test
    void shouldReplyAlreadyAuthenticatedWhenJwtNamesAnotherUser()
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);
        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + TestTokens.hs256(TestTokens.claims("alice").build()) + "\"}");
        nextText(session);
        link.clear();

        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + TestTokens.rs256(TestTokens.claims("bob").build()) + "\",\"id\":3}");

        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"id\":3,\"error\":{\"code\":\"already_authenticated\""));
        assertEquals("alice", session.user());
        assertTrue(session.channel().isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyUnauthenticatedAndStayOpenWhenAuthNamesAUserInsteadOfAToken()
    {
        final GatewaySession json = session(WireFormat.WEBSOCKET_JSON);
        final GatewaySession tcp = session(WireFormat.TCP_BINARY);

        json(jwtHandler, json, "{\"type\":\"auth\",\"user\":\"alice\",\"id\":\"u\"}");
        onFrame(jwtHandler, tcp, jsonFrame(HELLO, "{\"user\":\"alice\"}"));

        assertTrue(nextText(json).startsWith("{\"type\":\"error\",\"id\":\"u\",\"error\":{\"code\":\"unauthenticated\""));
        assertTrue(payloadOf(nextBytes(tcp), ERROR, FLAG_JSON).startsWith("{\"code\":\"unauthenticated\""));
        assertFalse(json.isAuthenticated());
        assertFalse(tcp.isAuthenticated());
        assertTrue(json.channel().isOpen());
        assertTrue(tcp.channel().isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldBindSubAndAnswerWithHelloFrameWhenHelloCarriesAValidJwt()
    {
        final GatewaySession session = session(WireFormat.TCP_BINARY);
        final String token = TestTokens.es256(TestTokens.EC, "ec-1", TestTokens.claims("carol").build());

        onFrame(jwtHandler, session, jsonFrame(HELLO, "{\"token\":\"" + token + "\"}"));

        assertEquals("carol", session.user());
        assertEquals("carol", link.single().name());
        assertArrayEquals(jsonFrame(HELLO, "{\"type\":\"auth_ok\",\"data\":{\"user\":\"carol\"}}"), nextBytes(session));
    }

    @Test
    void shouldSendErrorFrameThenCloseWhenHelloTokenUsesAnAlgorithmTheKeysDoNotAllow()
    {
        final GatewaySession session = session(WireFormat.TCP_BINARY);
        final String unsecured = new com.nimbusds.jwt.PlainJWT(TestTokens.claims("mallory").build()).serialize();

        onFrame(jwtHandler, session, jsonFrame(HELLO, "{\"token\":\"" + unsecured + "\",\"id\":\"h\"}"));

        assertEquals("{\"code\":\"unauthenticated\",\"message\":\"unsupported algorithm\",\"id\":\"h\"}",
            payloadOf(nextBytes(session), ERROR, FLAG_JSON));
        assertFalse(session.channel().isOpen());
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldReplyForbiddenAndStayOpenWhenJoinOrPublishIsOutsideTheRoomsClaim()
    {
        final GatewaySession session = jwtAuthenticated(TestTokens.claimsWithRooms("alice",
            java.util.List.of("lobby", "game-*"), java.util.List.of("lobby")).build());

        json(jwtHandler, session, "{\"type\":\"join\",\"room\":\"admin\",\"id\":\"j\"}");
        json(jwtHandler, session, "{\"type\":\"publish\",\"room\":\"game-1\",\"id\":\"p\",\"data\":1}");
        json(jwtHandler, session, "{\"type\":\"message\",\"room\":\"admin\",\"data\":1}");

        assertEquals("{\"type\":\"error\",\"id\":\"j\",\"error\":{\"code\":\"forbidden\"," +
            "\"message\":\"the token does not allow joining (reading) this room\"}}", nextText(session));
        assertEquals("{\"type\":\"error\",\"id\":\"p\",\"error\":{\"code\":\"forbidden\"," +
            "\"message\":\"the token does not allow publishing to this room\"}}", nextText(session));
        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"error\":{\"code\":\"forbidden\""));
        assertTrue(link.commands().isEmpty(), "refused in the gateway, before the engine");
        assertTrue(session.channel().isOpen());
    }

    @Test
    void shouldCheckHistoryAsAJoinAndEditOrDeleteAsAPublishButNothingInAPrivateRoom()
    {
        final GatewaySession session = jwtAuthenticated(TestTokens.claimsWithRooms("alice",
            java.util.List.of("lobby"), java.util.List.of()).build());

        json(jwtHandler, session, "{\"type\":\"history\",\"room\":\"lobby\",\"id\":\"h1\"}");
        json(jwtHandler, session, "{\"type\":\"history\",\"room\":\"admin\",\"id\":\"h2\"}");
        json(jwtHandler, session, "{\"type\":\"edit\",\"room\":\"lobby\",\"seq\":1,\"id\":\"e\",\"data\":1}");
        json(jwtHandler, session, "{\"type\":\"delete\",\"room\":\"lobby\",\"seq\":1,\"id\":\"d\"}");
        json(jwtHandler, session, "{\"type\":\"edit\",\"room\":\"dm:5:alicebob\",\"seq\":1,\"data\":1}");
        json(jwtHandler, session, "{\"type\":\"delete\",\"room\":\"dm:5:alicebob\",\"seq\":1}");
        json(jwtHandler, session, "{\"type\":\"history\",\"room\":\"dm:5:alicebob\"}");

        assertEquals("{\"type\":\"error\",\"id\":\"h2\",\"error\":{\"code\":\"forbidden\"," +
            "\"message\":\"the token does not allow joining (reading) this room\"}}", nextText(session));
        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"id\":\"e\",\"error\":{\"code\":\"forbidden\""));
        assertTrue(nextText(session).startsWith("{\"type\":\"error\",\"id\":\"d\",\"error\":{\"code\":\"forbidden\""));
        assertNull(nextOutbound(session), "a private room is never limited by the token");
        assertEquals(java.util.List.of(LinkType.HISTORY, LinkType.EDIT, LinkType.DELETE, LinkType.HISTORY),
            link.commands().stream().map(RecordingEngineLink.Command::type).toList());
    }

    @Test
    void shouldOfferJoinPublishLeaveAndDirectWhenTheRoomsClaimAllowsThem()
    {
        final GatewaySession session = jwtAuthenticated(TestTokens.claimsWithRooms("alice",
            java.util.List.of("lobby", "game-*"), java.util.List.of("lobby")).build());

        json(jwtHandler, session, "{\"type\":\"join\",\"room\":\"game-42\"}");
        json(jwtHandler, session, "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":1}");
        json(jwtHandler, session, "{\"type\":\"leave\",\"room\":\"anywhere\"}");
        json(jwtHandler, session, "{\"type\":\"message\",\"data\":{\"to\":\"bob\"}}");

        assertEquals(java.util.List.of(LinkType.JOIN, LinkType.PUBLISH, LinkType.LEAVE, LinkType.DIRECT),
            link.commands().stream().map(RecordingEngineLink.Command::type).toList());
        assertNull(nextOutbound(session));
    }

    @Test
    void shouldReplaceGrantsWhenTheSameUserAuthenticatesAgainWithANewToken()
    {
        final GatewaySession session = jwtAuthenticated(TestTokens.claimsWithRooms("alice",
            java.util.List.of("lobby"), java.util.List.of()).build());

        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + TestTokens.hs256(TestTokens.claims("alice").build()) + "\"}");
        assertTrue(nextText(session).startsWith("{\"type\":\"auth_ok\""));
        json(jwtHandler, session, "{\"type\":\"join\",\"room\":\"admin\"}");

        assertEquals(LinkType.JOIN, link.single().type(), "the new token has no rooms claim: unrestricted; no second SESSION_OPEN");
    }

    // ---- typing and presence

    private void advanceMs(final long ms)
    {
        nowNs += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private List<String> typingForwarded()
    {
        return link.commandsOfType(LinkType.TYPING).stream()
            .map(c -> c.name() + ":" + (c.state() == LinkCommandEncoder.TYPING_START ? "start" : "stop")).toList();
    }

    @Test
    void shouldOfferTypingWithItsStateAndReplyNothing()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"start\",\"id\":\"t\"}");
        json(session, "{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"stop\"}");

        assertEquals(2, link.commands().size());
        final RecordingEngineLink.Command start = link.commands().get(0);
        assertEquals(LinkType.TYPING, start.type());
        assertEquals(GATEWAY_ID, start.gatewayId());
        assertEquals(session.id(), start.sessionId());
        assertEquals("lobby", start.name());
        assertEquals("\"t\"", start.corrId());
        assertEquals(LinkCommandEncoder.TYPING_START, start.state());
        assertEquals(LinkCommandEncoder.TYPING_STOP, link.commands().get(1).state());
        assertNull(nextOutbound(session), "typing is never acknowledged");
    }

    @Test
    void shouldHoldBackTypingRefreshesWithinHalfASecondAndStopsWithoutAStartSilently()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        final String start = "{\"type\":\"typing\",\"room\":\"lobby\"}";
        final String stop = "{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"stop\"}";

        json(session, start);                                               // forwarded
        advanceMs(100);
        json(session, start);                                               // a refresh 100 ms later: held back
        json(session, "{\"type\":\"typing\",\"room\":\"other\"}");        // another room: forwarded
        advanceMs(400);
        json(session, start);                                               // 500 ms after the first: forwarded
        json(session, stop);                                                // a change: forwarded at once
        json(session, stop);                                                // nothing to stop: held back
        json(session, start);                                               // a change again: forwarded

        assertEquals(List.of("lobby:start", "other:start", "lobby:start", "lobby:stop", "lobby:start"), typingForwarded());
        assertNull(nextOutbound(session), "what is held back is dropped silently");
    }

    @Test
    void shouldCapTypingPerConnectionAtTwentyASecondAcrossRooms()
    {
        final GatewaySession alice = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        final GatewaySession bob = authenticated(WireFormat.WEBSOCKET_JSON, "bob");

        for (int i = 0; i < 30; i++)
        {
            json(alice, "{\"type\":\"typing\",\"room\":\"room-" + i + "\"}");
        }
        assertEquals(TypingThrottle.MAX_PER_SECOND, typingForwarded().size());
        json(bob, "{\"type\":\"typing\",\"room\":\"room-0\"}");
        assertEquals(TypingThrottle.MAX_PER_SECOND + 1, typingForwarded().size(), "another connection has its own budget");

        advanceMs(1_000);
        json(alice, "{\"type\":\"typing\",\"room\":\"room-29\"}");
        assertEquals("room-29:start", typingForwarded().get(typingForwarded().size() - 1), "a new second, a new budget");
        assertNull(nextOutbound(alice));
    }

    @Test
    void shouldReplyBadRequestUnauthenticatedOrForbiddenWhenTypingIsRefusedInTheGateway()
    {
        final GatewaySession anonymous = session(WireFormat.WEBSOCKET_JSON);
        json(anonymous, "{\"type\":\"typing\",\"room\":\"lobby\",\"id\":1}");
        assertTrue(nextText(anonymous).startsWith("{\"type\":\"error\",\"id\":1,\"error\":{\"code\":\"unauthenticated\""));

        final GatewaySession alice = authenticated(WireFormat.WEBSOCKET_JSON, "alice");
        json(alice, "{\"type\":\"typing\",\"room\":\"lobby\",\"state\":\"maybe\",\"id\":2}");
        assertTrue(nextText(alice).startsWith("{\"type\":\"error\",\"id\":2,\"error\":{\"code\":\"bad_request\""));

        final GatewaySession readOnly = jwtAuthenticated(TestTokens.claimsWithRooms("carol",
            java.util.List.of("lobby"), java.util.List.of()).build());
        json(jwtHandler, readOnly, "{\"type\":\"typing\",\"room\":\"lobby\",\"id\":3}");
        assertTrue(nextText(readOnly).startsWith("{\"type\":\"error\",\"id\":3,\"error\":{\"code\":\"forbidden\""),
            "typing counts as publishing");
        assertTrue(link.commands().isEmpty());
    }

    @Test
    void shouldOfferPresenceQueryWithItsIdAndRoom()
    {
        final GatewaySession session = authenticated(WireFormat.WEBSOCKET_JSON, "alice");

        json(session, "{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"7\"}");

        final RecordingEngineLink.Command query = link.single();
        assertEquals(LinkType.PRESENCE_QUERY, query.type());
        assertEquals(session.id(), query.sessionId());
        assertEquals("lobby", query.name());
        assertEquals("\"7\"", query.corrId());
        assertNull(nextOutbound(session), "the reply comes from the engine");
    }

    @Test
    void shouldOfferTypingAndPresenceQueryWhenTheyComeAsBinaryFrames()
    {
        final GatewaySession session = authenticated(WireFormat.TCP_BINARY, "alice");

        onFrame(session, jsonFrame(FrameType.TYPING, "{\"room\":\"lobby\",\"state\":\"start\"}"));
        onFrame(session, jsonFrame(FrameType.PRESENCE, "{\"room\":\"lobby\",\"id\":\"q\"}"));

        assertEquals(List.of(LinkType.TYPING, LinkType.PRESENCE_QUERY), link.commands().stream().map(RecordingEngineLink.Command::type).toList());
        assertEquals(LinkCommandEncoder.TYPING_START, link.commands().get(0).state());
        assertEquals("\"q\"", link.commands().get(1).corrId());
        assertNull(nextOutbound(session));
    }

    private GatewaySession jwtAuthenticated(final com.nimbusds.jwt.JWTClaimsSet claims)
    {
        final GatewaySession session = session(WireFormat.WEBSOCKET_JSON);
        json(jwtHandler, session, "{\"type\":\"auth\",\"token\":\"" + TestTokens.hs256(claims) + "\"}");
        assertTrue(nextText(session).startsWith("{\"type\":\"auth_ok\""));
        link.clear();
        return session;
    }

    private GatewaySession session(final WireFormat format)
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        final GatewaySession session = registry.register(channel, format);
        session.open();
        return session;
    }

    private GatewaySession authenticated(final WireFormat format, final String user)
    {
        final GatewaySession session = session(format);
        assertTrue(handler.openSession(session, user));
        link.clear();
        return session;
    }

    private void json(final GatewaySession session, final String json)
    {
        json(handler, session, json);
    }

    private static void json(final ClientCommandHandler handler, final GatewaySession session, final String json)
    {
        final ByteBuf content = TestFrames.buf(json);
        try
        {
            handler.onJson(session, content);
        }
        finally
        {
            content.release();
        }
    }

    private void onFrame(final GatewaySession session, final byte[] frame)
    {
        onFrame(handler, session, frame);
    }

    private static void onFrame(final ClientCommandHandler handler, final GatewaySession session, final byte[] frame)
    {
        final ByteBuf content = TestFrames.buf(frame);
        try
        {
            handler.onFrame(session, content);
        }
        finally
        {
            content.release();
        }
    }

    private static Object nextOutbound(final GatewaySession session)
    {
        final EmbeddedChannel channel = (EmbeddedChannel)session.channel();
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static String nextText(final GatewaySession session)
    {
        final Object out = nextOutbound(session);
        assertNotNull(out, "expected a reply");
        return TestFrames.wsTextAndRelease(out);
    }

    private static byte[] nextBytes(final GatewaySession session)
    {
        final Object out = nextOutbound(session);
        assertNotNull(out, "expected a reply");
        assertTrue(out instanceof ByteBuf, () -> {
            ReferenceCountUtil.release(out);
            return "a TCP session gets raw frames";
        });
        return TestFrames.bytesAndRelease((ByteBuf)out);
    }
}
