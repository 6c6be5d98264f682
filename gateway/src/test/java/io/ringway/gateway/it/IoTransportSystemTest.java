package io.ringway.gateway.it;

import io.netty.channel.epoll.Epoll;
import io.ringway.gateway.io.IoTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The gateway on each Netty transport it may pick: {@code auto} (epoll where its native library
 * loads, as on Linux x86_64) and the JDK's NIO fallback, with real WebSocket clients.
 */
class IoTransportSystemTest extends LiveServerSystemTest
{
    private static final int MESSAGES = 50;

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"AUTO", "NIO"})
    void shouldDeliverEveryMessageInOrderToEveryMemberWhateverTheTransport(final IoTransport transport)
    {
        server = SystemTestSupport.start(dataDir, SystemTestSupport.gatewayConfig().withIoTransport(transport));
        final WsTestClient alice = connect("alice");
        final WsTestClient bob = connect("bob");
        alice.join("lobby", "j1");
        bob.join("lobby", "j2");

        for (int i = 1; i <= MESSAGES; i++)
        {
            alice.send("{\"type\":\"publish\",\"room\":\"lobby\",\"id\":\"p" + i + "\",\"data\":" + i + "}");
        }

        for (final WsTestClient client : new WsTestClient[] {alice, bob})
        {
            for (int i = 1; i <= MESSAGES; i++)
            {
                final Map<String, Object> message = client.awaitType("message");
                assertEquals((long)i, message.get("seq"));
                assertEquals((long)i, message.get("data"));
            }
        }
        assertEquals((long)MESSAGES, alice.awaitReply("p" + MESSAGES).get("seq"));
    }

    @Test
    void shouldResolveAutoToEpollWhenItsNativeLibraryLoadsElseToNio()
    {
        assertEquals(Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO, IoTransport.AUTO.resolve());
        assertEquals(IoTransport.NIO, IoTransport.NIO.resolve());
        assertEquals(IoTransport.IO_URING, IoTransport.parse("io_uring"));
        assertEquals(IoTransport.EPOLL, IoTransport.parse(" EPOLL "));
    }

    @Test
    void shouldRefuseATransportNameItDoesNotKnow()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> IoTransport.parse("kqueue2"));
        assertEquals("--io-transport must be auto, epoll, io_uring or nio, not 'kqueue2'", refused.getMessage());
    }

    private WsTestClient connect(final String user)
    {
        final WsTestClient client = WsTestClient.connect(http, WsTestClient.uri(server.gateway().httpAddress(), "client_id=" + user));
        clients.add(client);
        return client;
    }
}
