package io.ringway.gateway.it;

import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.io.ServerTls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client listeners over TLS ({@code --tls-cert-file}): a real wss:// client (the JDK's WebSocket), https:// for
 * {@code /health}, and a TLS raw TCP client, each trusting the test CA and checking the certificate names 127.0.0.1.
 * A client that speaks plain WebSocket to the TLS port gets nowhere, and the server carries on.
 */
class TlsListenersSystemTest extends LiveServerSystemTest
{
    @TempDir
    Path dataDir;

    private HttpClient https;
    private SSLContext trustingTheTestCa;

    private static Path resource(final String name) throws Exception
    {
        return Path.of(TlsListenersSystemTest.class.getResource("/link-tls/" + name).toURI());
    }

    @BeforeEach
    void start() throws Exception
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig().withTls(
            ServerTls.context(resource("engine.pem"), resource("engine.key"), "--tls-cert-file", "--tls-key-file", "the listeners'")));
        final KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream ca = Files.newInputStream(resource("ca.pem")))
        {
            trusted.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        trustingTheTestCa = SSLContext.getInstance("TLS");
        trustingTheTestCa.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WsTestClient.TIMEOUT)
            .sslContext(trustingTheTestCa).build();
    }

    private URI wss(final String user)
    {
        return URI.create("wss://127.0.0.1:" + server.gateway().httpAddress().getPort() + "/ws?client_id=" + user);
    }

    @Test
    void shouldCarryWebSocketTrafficOverWssAndAnswerHealthOverHttps() throws Exception
    {
        final WsTestClient alice = WsTestClient.connect(https, wss("alice"));
        final WsTestClient bob = WsTestClient.connect(https, wss("bob"));
        clients.add(alice);
        clients.add(bob);
        alice.join("lobby", "a1");
        bob.join("lobby", "b1");
        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"a2\",\"data\":\"encrypted\"}");
        assertEquals("encrypted", bob.await(json -> "message".equals(json.get("type")), "alice's message at bob").get("data"));

        final HttpResponse<String> health = https.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + server.gateway().httpAddress().getPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"connections\":2"), health.body());
    }

    /**
     * One frame, encoded once, shared by every recipient on two I/O threads, each connection encrypting its own copy:
     * every subscriber must get every message intact and in order, however many a flush carries.
     */
    @Test
    void shouldDeliverEveryFanOutMessageIntactToEverySubscriberWhenTheyShareFramesOverTls()
    {
        final java.util.List<WsTestClient> subscribers = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            final WsTestClient subscriber = WsTestClient.connect(https, wss("s" + i));
            clients.add(subscriber);
            subscriber.join("fan", "j" + i);
            subscribers.add(subscriber);
        }
        final WsTestClient publisher = WsTestClient.connect(https, wss("pub"));
        clients.add(publisher);
        publisher.join("fan", "jp");
        final int messages = 60;
        for (int m = 0; m < messages; m++)
        {
            publisher.send("{\"type\":\"publish\",\"room\":\"fan\",\"data\":{\"n\":" + m + ",\"pad\":\"" + "x".repeat(200 + m) + "\"}}");
        }
        for (final WsTestClient subscriber : subscribers)
        {
            for (int m = 0; m < messages; m++)
            {
                final int n = m;
                final Map<String, Object> message = subscriber.await(json -> "message".equals(json.get("type")) && "pub".equals(json.get("from")),
                    "message " + n);
                final Map<?, ?> data = (Map<?, ?>)message.get("data");
                assertEquals((long)n, ((Number)data.get("n")).longValue(), "in order");
                assertEquals("x".repeat(200 + n), data.get("pad"), "intact");
            }
        }
    }

    @Test
    void shouldCarryBinaryFramesOverTlsRawTcp()
    {
        final TcpTestClient carol = TcpTestClient.connectTls(server.gateway().tcpAddress(), trustingTheTestCa);
        clients.add(carol);
        carol.sendJson(TcpTestClient.HELLO, "{\"user\":\"carol\"}");
        assertEquals(TcpTestClient.HELLO, carol.read().type());
        carol.sendJson(TcpTestClient.JOIN_ROOM, "{\"room\":\"lobby\",\"id\":\"c1\"}");
        assertEquals(TcpTestClient.ACK, carol.readType(TcpTestClient.ACK, new ArrayList<>()).type());
        carol.sendJson(TcpTestClient.MESSAGE, "{\"room\":\"lobby\",\"id\":\"c2\",\"data\":\"over tls\"}");
        assertEquals("over tls", carol.readType(TcpTestClient.MESSAGE, new ArrayList<>()).json().get("data"));
    }

    @Test
    void shouldRefuseAPlainWebSocketClientAndKeepServingTlsOnes()
    {
        final URI plain = WsTestClient.uri(server.gateway().httpAddress(), "client_id=mallory");
        assertThrows(AssertionError.class, () -> WsTestClient.connect(http, plain), "no plain WebSocket on a TLS port");

        final WsTestClient alice = WsTestClient.connect(https, wss("alice"));
        clients.add(alice);
        alice.join("lobby", "a1");
        alice.send("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"q\"}");
        assertEquals(1, ((java.util.List<?>)alice.await(json -> "q".equals(json.get("id")), "presence").get("members")).size());
    }

    @Test
    void shouldRefuseToStartWhenTheListenersKeyIsNotTheCertificates() throws Exception
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ServerTls.context(
            resource("engine.pem"), resource("wrong-name.key"), "--tls-cert-file", "--tls-key-file", "the listeners'"));
        assertTrue(refused.getMessage().startsWith("cannot use the listeners' TLS certificate "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("the key is not the one of the certificate (CN=Ringway test engine)"), refused.getMessage());
    }
}
