package io.ringway.gateway.it;

import io.netty.handler.ssl.SslContext;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.LinkedGateway;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.link.EngineLinkException;
import io.ringway.gateway.link.LinkListener;
import io.ringway.gateway.link.LinkTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine link over TLS, with real sockets and the test certificates in {@code link-tls/} (its README says what each
 * is): a gateway that trusts the engine's CA attaches and carries traffic; one that trusts another CA, dials a name the
 * certificate does not carry, or speaks plain TCP to a TLS port is kept out, and says why.
 */
class TlsLinkSystemTest extends LiveServerSystemTest
{
    private static final byte[] SECRET = "a link secret of at least thirty-two bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDir;

    private LinkedGateway linked;

    @AfterEach
    void closeLinkedGateway()
    {
        if (linked != null)
        {
            linked.close();
        }
    }

    private static Path resource(final String name)
    {
        try
        {
            return Path.of(TlsLinkSystemTest.class.getResource("/link-tls/" + name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void startEngine(final String certificate)
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig(), OutboundDelivery.DIRECT,
            new LinkListener("127.0.0.1", 0, SECRET, LinkTls.server(resource(certificate + ".pem"), resource(certificate + ".key"))));
    }

    private LinkedGateway startGateway(final String host, final SslContext tls)
    {
        final InetSocketAddress link = server.linkAddress();
        return LinkedGateway.start(SystemTestSupport.gatewayConfig().withGatewayId(2), host, link.getPort(), 10_000, SECRET, tls);
    }

    @Test
    void shouldCarryTrafficBetweenGatewaysWhenTheGatewayTrustsTheEnginesCertificate()
    {
        startEngine("engine");
        linked = startGateway("127.0.0.1", LinkTls.client(resource("ca.pem")));
        final WsTestClient alice = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=alice"));
        final WsTestClient bob = WsTestClient.connect(http, WsTestClient.uri(linked.gateway().httpAddress(), "client_id=bob"));
        clients.add(alice);
        clients.add(bob);
        alice.join("lobby", "a1");
        bob.join("lobby", "b1");

        alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"a2\",\"data\":\"over tls\"}");
        final Map<String, Object> atBob = bob.await(json -> "message".equals(json.get("type")), "alice's message at bob");
        assertEquals("over tls", atBob.get("data"));
        bob.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"b2\",\"data\":\"and back\"}");
        assertEquals("and back", alice.await(json -> "message".equals(json.get("type")) && "bob".equals(json.get("from")), "bob's").get("data"));
    }

    @Test
    void shouldAttachWhenTheGatewayDialsANameTheCertificateCarries()
    {
        startEngine("engine");
        linked = startGateway("localhost", LinkTls.client(resource("ca.pem")));
        assertFalse(linked.lost().isDone(), "attached, and the link holds");
        assertEquals(java.util.List.of(2L), SystemTestSupport.health(http, server.gateway().httpAddress()).get("linkedGateways"));
    }

    @Test
    void shouldRefuseToAttachWhenTheEnginesCertificateIsSignedByAnotherCa()
    {
        startEngine("engine");
        final EngineLinkException refused = assertThrows(EngineLinkException.class,
            () -> startGateway("127.0.0.1", LinkTls.client(resource("other-ca.pem"))));
        assertTrue(refused.getMessage().startsWith("TLS with the engine at 127.0.0.1:" + server.linkAddress().getPort() + " failed: "),
            refused.getMessage());
        assertFalse(refused.idInUse());
    }

    @Test
    void shouldRefuseToAttachWhenTheCertificateDoesNotNameTheHostDialled()
    {
        startEngine("wrong-name"); // signed by the trusted CA, for engine.example only
        final EngineLinkException refused = assertThrows(EngineLinkException.class,
            () -> startGateway("127.0.0.1", LinkTls.client(resource("ca.pem"))));
        assertTrue(refused.getMessage().startsWith("TLS with the engine at 127.0.0.1:"), refused.getMessage());
        assertTrue(refused.getMessage().contains("127.0.0.1"), refused.getMessage());
    }

    @Test
    void shouldKeepOutAPlainTcpGatewayWhenTheLinkIsTls()
    {
        startEngine("engine");
        final InetSocketAddress link = server.linkAddress();
        final EngineLinkException refused = assertThrows(EngineLinkException.class, () -> LinkedGateway.start(
            SystemTestSupport.gatewayConfig().withGatewayId(2), "127.0.0.1", link.getPort(), 3_000, SECRET, null));
        assertFalse(refused.idInUse(), refused.getMessage());
        assertTrue(refused.getMessage().contains(" closed before it answered HELLO: ") && refused.getMessage().endsWith("--engine-tls-trust-file)"),
            refused.getMessage());
        assertEquals(java.util.List.of(), SystemTestSupport.health(http, server.gateway().httpAddress()).get("linkedGateways"),
            "no gateway attached");
    }

    @Test
    void shouldSayTheEngineServesNoTlsWhenATlsGatewayDialsAPlainLink()
    {
        server = RingwayServer.start(SystemTestSupport.engineConfig(dataDir), SystemTestSupport.gatewayConfig(), OutboundDelivery.DIRECT,
            new LinkListener("127.0.0.1", 0, SECRET, null));
        final EngineLinkException refused = assertThrows(EngineLinkException.class,
            () -> startGateway("127.0.0.1", LinkTls.client(resource("ca.pem"))));
        assertTrue(refused.getMessage().endsWith("(the engine does not serve TLS on its link: it needs --link-tls-cert-file)"),
            refused.getMessage());
    }

    @Test
    void shouldRefuseToStartWhenTheKeyIsNotTheCertificatesOrTheFileIsMissing()
    {
        final IllegalArgumentException mismatched = assertThrows(IllegalArgumentException.class,
            () -> LinkTls.server(resource("engine.pem"), resource("wrong-name.key")));
        assertTrue(mismatched.getMessage().startsWith("cannot use the link's TLS certificate "), mismatched.getMessage());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> LinkTls.client(dataDir.resolve("nope.pem")));
        assertEquals("--engine-tls-trust-file " + dataDir.resolve("nope.pem") + ": no such readable file", missing.getMessage());
    }
}
