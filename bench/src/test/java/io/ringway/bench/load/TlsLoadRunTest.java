package io.ringway.bench.load;

import io.ringway.engine.EngineConfig;
import io.ringway.engine.link.OutboundDelivery;
import io.ringway.gateway.GatewayConfig;
import io.ringway.gateway.RingwayServer;
import io.ringway.gateway.io.ClientTls;
import io.ringway.gateway.io.ServerTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real rtt runs of the load generator over wss:// and over TLS raw TCP, against a server with the gateway tests'
 * certificates ({@code gateway/src/test/resources/link-tls}): every message comes back, and a client that does not
 * trust the server's CA fails to connect, with why. Bounded in count and time; nothing here measures time.
 */
class TlsLoadRunTest
{
    /** The gateway module's test certificates: EC P-256, for 127.0.0.1, signed by ca.pem. */
    private static final Path CERTS = Path.of("..", "gateway", "src", "test", "resources", "link-tls");

    @TempDir
    Path dataDir;

    private RingwayServer server;

    @BeforeEach
    void start()
    {
        server = RingwayServer.start(EngineConfig.defaults(dataDir), GatewayConfig.defaults().withPorts(0, 0).withTls(ServerTls.context(
            CERTS.resolve("engine.pem"), CERTS.resolve("engine.key"), "--tls-cert-file", "--tls-key-file", "the listeners'")),
            OutboundDelivery.DIRECT);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    private RunResult rtt(final LoadTarget target)
    {
        final RunConfig config = new RunConfig(Scenario.RTT, target, List.of(), 200, 1, 0, 0, 64, "tls", "lgtls", 5, 1, 1,
            ServerPids.none());
        return new LoadRun(config, line -> { }).execute();
    }

    @Test
    void shouldGetEveryMessageBackWhenRunningRttOverWss()
    {
        final LoadTarget wss = LoadTarget.of(Transport.WS_JSON, "wss://127.0.0.1:" + server.gateway().httpAddress().getPort() + "/ws", null)
            .withTls(ClientTls.context(CERTS.resolve("ca.pem"), "--tls-trust-file"));
        final RunResult result = rtt(wss);

        assertFalse(result.aborted, result.abortReason);
        assertTrue(result.sentMeasured > 0);
        assertEquals(result.sentMeasured, result.received);
        assertEquals(0, result.lost);
    }

    @Test
    void shouldGetEveryMessageBackWhenRunningRttOverTlsRawTcp()
    {
        final LoadTarget tcp = LoadTarget.of(Transport.TCP, null, "127.0.0.1:" + server.gateway().tcpAddress().getPort())
            .withTls(ClientTls.context(CERTS.resolve("ca.pem"), "--tls-trust-file"));
        final RunResult result = rtt(tcp);

        assertFalse(result.aborted, result.abortReason);
        assertTrue(result.sentMeasured > 0);
        assertEquals(result.sentMeasured, result.received);
    }

    @Test
    void shouldFailToConnectWhenTheClientDoesNotTrustTheServersCa()
    {
        final LoadTarget untrusting = LoadTarget.of(Transport.WS_JSON, "wss://127.0.0.1:" + server.gateway().httpAddress().getPort() + "/ws",
            null).withTls(ClientTls.context(CERTS.resolve("other-ca.pem"), "--tls-trust-file"));

        final LoadException failed = assertThrows(LoadException.class, () -> rtt(untrusting));
        assertTrue(failed.getMessage().contains("publisher"), failed.getMessage());
    }
}
