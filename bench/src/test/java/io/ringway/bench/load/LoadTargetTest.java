package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadTargetTest
{
    @Test
    void shouldAcceptOnlyLoopbackSlash24()
    {
        assertEquals("127.0.0.1", LoadTarget.requireLoopback("127.0.0.1"));
        assertEquals("127.0.0.9", LoadTarget.requireLoopback("127.0.0.9"));
        assertEquals("127.0.0.1", LoadTarget.requireLoopback("localhost"));
        for (final String host : new String[] {"10.0.0.1", "127.0.1.1", "127.0.0.255", "127.0.0.0", "example.com", "::1", "0.0.0.0"})
        {
            assertThrows(IllegalArgumentException.class, () -> LoadTarget.requireLoopback(host), host);
        }
    }

    @Test
    void shouldBuildWebSocketUriWithIdentityAndEncoding()
    {
        assertEquals("ws://127.0.0.1:18090/ws?client_id=alice",
            LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1:18090/ws", "unused").webSocketUri("alice").toString());
        assertEquals("ws://127.0.0.1:18090/ws?client_id=bob&encoding=binary",
            LoadTarget.of(Transport.WS_BINARY, "ws://localhost:18090/ws", "unused").webSocketUri("bob").toString());
        final LoadTarget secure = LoadTarget.of(Transport.WS_JSON, "wss://127.0.0.1/ws", "x");
        assertEquals("wss://127.0.0.1:443/ws?client_id=carol", secure.webSocketUri("carol").toString());
        assertTrue(secure.secure());
        assertFalse(LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1/ws", "x").secure());
        assertThrows(IllegalArgumentException.class, () -> LoadTarget.of(Transport.WS_JSON, "http://127.0.0.1/ws", "x"));
        assertThrows(IllegalArgumentException.class, () -> LoadTarget.of(Transport.WS_JSON, "ws://192.168.1.2:8080/ws", "x"));
    }

    @Test
    void shouldParseTcpHostPort()
    {
        assertEquals("127.0.0.1:9090", LoadTarget.of(Transport.TCP, "ws://x", "127.0.0.1:9090").describe());
        assertThrows(IllegalArgumentException.class, () -> LoadTarget.of(Transport.TCP, "x", "127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> LoadTarget.of(Transport.TCP, "x", "127.0.0.1:0"));
        assertThrows(IllegalArgumentException.class, () -> LoadTarget.of(Transport.TCP, "x", "8.8.8.8:53"));
    }

    @Test
    void shouldKeepTheTargetAndResolveTheClientTransportWhenOneIsChosen()
    {
        final LoadTarget target = LoadTarget.of(Transport.WS_JSON, "ws://127.0.0.1:18090/ws", "unused");
        final LoadTarget overNio = target.withClientIo(BenchIo.parse("NIO"));

        assertEquals(BenchIo.NIO, overNio.clientIo());
        assertEquals(target.webSocketUri("alice"), overNio.webSocketUri("alice"));
        assertEquals(io.netty.channel.epoll.Epoll.isAvailable() ? BenchIo.EPOLL : BenchIo.NIO,
            target.withClientIo(BenchIo.AUTO).clientIo(), "auto is resolved when chosen, so the summary names the real one");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BenchIo.parse("uring"));
        assertEquals("--client-io must be auto, epoll or nio, not 'uring'", refused.getMessage());
    }
}
