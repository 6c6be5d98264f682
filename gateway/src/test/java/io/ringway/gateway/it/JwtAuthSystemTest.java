package io.ringway.gateway.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.ringway.gateway.auth.AuthConfig;
import io.ringway.gateway.auth.TestTokens;
import io.ringway.gateway.it.TcpTestClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.ringway.gateway.auth.TestTokens.claims;
import static io.ringway.gateway.auth.TestTokens.claimsWithRooms;
import static io.ringway.gateway.it.Json.errorCode;
import static io.ringway.gateway.it.Json.map;
import static io.ringway.gateway.it.TcpTestClient.ERROR;
import static io.ringway.gateway.it.TcpTestClient.HELLO;
import static io.ringway.gateway.it.TcpTestClient.JOIN_ROOM;
import static io.ringway.gateway.it.TcpTestClient.MESSAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * JWT auth end to end: a live server configured the way {@code ringway server} configures it (an
 * HS256 secret file and a JWKS file), real WebSocket clients (the JDK's) and raw TCP sockets on
 * ephemeral ports. Tokens expire in 2100 or expired in 2000: nothing here depends on timing.
 */
class JwtAuthSystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dir;


    /** A server accepting HS256 with the test secret and RS256/ES256 with the test JWKS, both read from files. */
    private void startWithSecretAndJwks() throws Exception
    {
        final Path secret = Files.write(dir.resolve("secret"), (new String(TestTokens.SECRET, StandardCharsets.US_ASCII) + "\n")
            .getBytes(StandardCharsets.US_ASCII));
        start(AuthConfig.load(secret, null, writeJwks(), null, null, AuthConfig.DEFAULT_CLOCK_SKEW_S));
    }

    private Path writeJwks() throws Exception
    {
        return Files.writeString(dir.resolve("jwks.json"), TestTokens.jwks().toString(true));
    }

    private void start(final AuthConfig auth)
    {
        server = SystemTestSupport.start(dir.resolve("data"), SystemTestSupport.gatewayConfig().withAuth(auth));
    }

    private WsTestClient ws(final String query)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), query));
        clients.add(client);
        return client;
    }

    private TcpTestClient tcp()
    {
        final TcpTestClient client = TcpTestClient.connect(server.gateway().tcpAddress());
        clients.add(client);
        return client;
    }

    private static String expired(final String sub)
    {
        return TestTokens.hs256(new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(TestTokens.FAR_PAST)).build());
    }

    private static String authCommand(final String token, final String id)
    {
        return "{\"type\":\"auth\",\"id\":\"" + id + "\",\"data\":{\"token\":\"" + token + "\"}}";
    }

    /** Whatever the server answered to the command with this id (auth_ok, ack or error). */
    private static Map<String, Object> reply(final WsTestClient client, final String id)
    {
        return client.await(json -> id.equals(json.get("id")), "reply to id " + id);
    }

    /** The error the server sent last, then its 1008 close. */
    private static void assertUnauthenticatedThenClosed(final WsTestClient client, final String reason)
    {
        final Map<String, Object> error = client.awaitType("error");
        assertEquals("unauthenticated", errorCode(error), error.toString());
        assertEquals(reason, map(error.get("error")).get("message"), error.toString());
        final WsTestClient.CloseInfo close = client.awaitClose();
        assertEquals(1008, close.code(), close.toString());
        assertEquals("unauthenticated", close.reason());
    }

    @Test
    void shouldBindSubAsUserWhenAuthCommandCarriesAValidJwt() throws Exception
    {
        startWithSecretAndJwks();
        final WsTestClient alice = ws(null);

        alice.send(authCommand(TestTokens.hs256(claims("alice").build()), "a"));

        assertEquals(Map.of("type", "auth_ok", "id", "a", "data", Map.of("user", "alice")), reply(alice, "a"));
        alice.join("lobby", "1");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"2\",\"data\":\"hi\"}");
        assertEquals("alice", alice.awaitType("message").get("from"));
    }

    @Test
    void shouldCloseAnOpenConnectionWithUnauthenticatedWhenItsTokenExpires() throws Exception
    {
        startWithSecretAndJwks();
        final WsTestClient alice = ws(null);
        // exp is 6 s short of the clock skew in the past: the token is accepted, and lapses 5-6 s later (exp is in whole
        // seconds), long enough to authenticate and join on a loaded machine, and well inside the close wait's 10 s.
        final long expMs = System.currentTimeMillis() - (AuthConfig.DEFAULT_CLOCK_SKEW_S - 6) * 1000L;
        alice.send(authCommand(TestTokens.hs256(claims("alice").expirationTime(new Date(expMs)).build()), "a"));
        assertEquals("auth_ok", reply(alice, "a").get("type"));
        alice.join("lobby", "1");

        assertUnauthenticatedThenClosed(alice, io.ringway.gateway.session.GatewaySession.TOKEN_EXPIRED);
    }

    @Test
    void shouldBindSubAsUserWhenWebSocketUrlCarriesATokenQueryParameter() throws Exception
    {
        startWithSecretAndJwks();
        final WsTestClient bob = ws("token=" + TestTokens.rs256(claims("bob").build()));

        bob.join("lobby", "1");
        bob.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"2\",\"data\":\"hi\"}");

        assertEquals("bob", bob.awaitType("message").get("from"));
    }

    @Test
    void shouldBindSubAsUserWhenTcpHelloCarriesAnEs256TokenWithKid() throws Exception
    {
        startWithSecretAndJwks();
        final WsTestClient alice = ws("token=" + TestTokens.hs256(claims("alice").build()));
        alice.join("lobby", "w1");
        final TcpTestClient carol = tcp();

        carol.sendJson(HELLO, "{\"token\":\"" + TestTokens.es256(TestTokens.EC, "ec-1", claims("carol").build()) + "\"}");
        assertEquals(Map.of("type", "auth_ok", "data", Map.of("user", "carol")), carol.read().json());
        carol.sendJson(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"1\"}");
        assertEquals(Map.of("type", "ack", "id", "1"), carol.read().json());
        carol.sendJson(MESSAGE, "{\"room\":\"lobby\",\"data\":\"from tcp\"}");

        final Map<String, Object> message = alice.awaitType("message");
        assertEquals("carol", message.get("from"));
        assertEquals("from tcp", message.get("data"));
    }

    @Test
    void shouldReplyUnauthenticatedThenCloseWhenAuthTokenIsExpired() throws Exception
    {
        startWithSecretAndJwks();
        final WsTestClient alice = ws(null);

        alice.send(authCommand(expired("alice"), "a"));

        assertUnauthenticatedThenClosed(alice, "expired");
    }

    @Test
    void shouldRefuseTheConnectionWhenTokenQueryParameterIsForged() throws Exception
    {
        startWithSecretAndJwks();
        final String forged = TestTokens.es256(TestTokens.OTHER_EC, "ec-1", claims("alice").build());

        final WsTestClient mallory = ws("token=" + forged);

        assertUnauthenticatedThenClosed(mallory, "bad signature");
    }

    @Test
    void shouldSendErrorFrameThenCloseWhenTcpHelloTokenIsExpired() throws Exception
    {
        startWithSecretAndJwks();
        final TcpTestClient client = tcp();

        client.sendJson(HELLO, "{\"token\":\"" + expired("alice") + "\",\"id\":\"h\"}");

        final List<Frame> frames = client.readFramesUntilClosed();
        assertEquals(1, frames.size(), frames.toString());
        assertEquals(ERROR, frames.get(0).type());
        assertEquals(Map.of("code", "unauthenticated", "message", "expired", "id", "h"), frames.get(0).json());
    }

    @Test
    void shouldRejectTokensWhoseAlgorithmTheConfiguredKeysDoNotAllow() throws Exception
    {
        startWithSecretAndJwks();
        final String unsecured = new PlainJWT(claims("mallory").build()).serialize();
        final String hs512 = TestTokens.sign(new JWSHeader(JWSAlgorithm.HS512), new MACSigner(new byte[64]), claims("mallory").build());

        final WsTestClient none = ws(null);
        none.send(authCommand(unsecured, "n"));
        assertUnauthenticatedThenClosed(none, "unsupported algorithm");

        final WsTestClient other = ws("token=" + hs512);
        assertUnauthenticatedThenClosed(other, "unsupported algorithm");
    }

    @Test
    void shouldRejectHs256TokenWhenOnlyPublicKeysAreConfigured() throws Exception
    {
        start(AuthConfig.load(null, null, writeJwks(), null, null, AuthConfig.DEFAULT_CLOCK_SKEW_S));
        // Algorithm confusion: HMAC keyed with the server's own public RSA key.
        final String confused = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
            new MACSigner(TestTokens.RSA.toRSAPublicKey().getEncoded()), claims("mallory").build());

        final WsTestClient mallory = ws(null);
        mallory.send(authCommand(confused, "c"));
        assertUnauthenticatedThenClosed(mallory, "unsupported algorithm");

        final WsTestClient bob = ws("token=" + TestTokens.rs256(claims("bob").build()));
        bob.join("lobby", "1");
    }

    @Test
    void shouldGrantNoIdentityWhenClientIdOrHelloUserIsGiven() throws Exception
    {
        startWithSecretAndJwks();
        final WsTestClient ws = ws("client_id=alice");
        final TcpTestClient tcp = tcp();

        ws.send("{\"type\":\"join\",\"room\":\"lobby\",\"id\":\"1\"}");
        tcp.sendJson(HELLO, "{\"user\":\"alice\"}");

        assertEquals("unauthenticated", errorCode(ws.awaitReply("1")));
        assertEquals("unauthenticated", tcp.read().json().get("code"));
        // Neither was closed: each can still authenticate properly.
        ws.send(authCommand(TestTokens.hs256(claims("alice").build()), "a"));
        assertEquals("auth_ok", reply(ws, "a").get("type"));
        tcp.sendJson(HELLO, "{\"token\":\"" + TestTokens.rs256(claims("alice").build()) + "\"}");
        assertEquals(Map.of("type", "auth_ok", "data", Map.of("user", "alice")), tcp.read().json());
    }

    @Test
    void shouldReplyForbiddenAndKeepTheConnectionWhenTheRoomsClaimDoesNotAllowTheRoom() throws Exception
    {
        startWithSecretAndJwks();
        final String token = TestTokens.hs256(claimsWithRooms("alice", List.of("lobby", "game-*"), List.of("lobby")).build());
        final WsTestClient alice = ws("token=" + token);

        alice.join("game-7", "1");
        alice.send("{\"type\":\"join\",\"room\":\"admin\",\"id\":\"2\"}");
        assertEquals("forbidden", errorCode(alice.awaitReply("2")));
        alice.send("{\"type\":\"publish\",\"room\":\"game-7\",\"id\":\"3\",\"data\":\"x\"}");
        assertEquals("forbidden", errorCode(alice.awaitReply("3")));

        assertFalse(alice.isClosed());
        alice.join("lobby", "4");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"5\",\"data\":\"allowed\"}");
        assertEquals("ack", alice.awaitReply("5").get("type"));
        assertEquals("allowed", alice.awaitType("message").get("data"));

        final TcpTestClient tcp = tcp();
        tcp.sendJson(HELLO, "{\"token\":\"" + token + "\"}");
        tcp.read();
        tcp.sendJson(JOIN_ROOM, "{\"room\":\"admin\",\"id\":\"6\"}");
        final Frame refused = tcp.read();
        assertEquals(ERROR, refused.type());
        assertEquals("forbidden", refused.json().get("code"));
        tcp.sendJson(JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"7\"}");
        assertEquals(Map.of("type", "ack", "id", "7"), tcp.read().json(), "still open after forbidden");
    }
}
