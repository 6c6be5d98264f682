package io.ringway.gateway.session;

import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class SessionRegistryTest
{
    private static final long ID_LIMIT = 1L << 48;

    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void tearDown()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldGiveUniqueNonZeroIdsBelow2Pow48WhenRegistering()
    {
        final int capacity = 1000;
        final SessionRegistry registry = new SessionRegistry(capacity, 4, 4, 4);
        final Set<Long> ids = new HashSet<>();

        for (int i = 0; i < capacity; i++)
        {
            final GatewaySession session = registry.register(channel, WireFormat.TCP_BINARY);
            assertNotNull(session);
            assertTrue(session.id() > 0 && session.id() < ID_LIMIT, Long.toHexString(session.id()));
            assertTrue(ids.add(session.id()), "duplicate id " + session.id());
            assertSame(session, registry.get(session.id()));
        }
        assertEquals(capacity, registry.size());
    }

    @Test
    void shouldStartIdsAfterTheGenerationBaseWhenOneIsGiven()
    {
        final long base = 123_456L;
        final SessionRegistry seeded = new SessionRegistry(4, 4, 4, 4, base);
        final GatewaySession first = seeded.register(channel, WireFormat.WEBSOCKET_JSON);
        assertEquals(((base + 1) << SessionRegistry.SLOT_BITS) | 0, first.id());
        final GatewaySession plain = new SessionRegistry(4, 4, 4, 4).register(channel, WireFormat.WEBSOCKET_JSON);
        assertEquals(1L << SessionRegistry.SLOT_BITS, plain.id(), "another process's first session: a different id");

        final SessionRegistry atTheTop = new SessionRegistry(1, 4, 4, 4, SessionRegistry.MAX_GENERATION - 1);
        final GatewaySession last = atTheTop.register(channel, WireFormat.WEBSOCKET_JSON);
        atTheTop.unregister(last);
        assertEquals(1L << SessionRegistry.SLOT_BITS, atTheTop.register(channel, WireFormat.WEBSOCKET_JSON).id(), "wraps to 1, never 0");
        assertThrows(IllegalArgumentException.class, () -> new SessionRegistry(1, 4, 4, 4, SessionRegistry.MAX_GENERATION));
    }

    @Test
    void shouldKeepIdsUniqueWhenSlotsAreReused()
    {
        final SessionRegistry registry = new SessionRegistry(3, 4, 4, 4);
        final Set<Long> ids = new HashSet<>();

        for (int round = 0; round < 500; round++)
        {
            final GatewaySession session = registry.register(channel, WireFormat.WEBSOCKET_JSON);
            assertTrue(ids.add(session.id()), "id reused: " + session.id());
            assertTrue(session.id() > 0 && session.id() < ID_LIMIT);
            registry.unregister(session);
        }
        assertEquals(0, registry.size());
    }

    @Test
    void shouldReturnNullForStaleIdWhenSlotIsReused()
    {
        final SessionRegistry registry = new SessionRegistry(1, 4, 4, 4);
        final GatewaySession old = registry.register(channel, WireFormat.TCP_BINARY);
        registry.unregister(old);
        assertNull(registry.get(old.id()));

        final GatewaySession reused = registry.register(channel, WireFormat.TCP_BINARY);

        assertNotEquals(old.id(), reused.id());
        assertEquals(old.id() & (SessionRegistry.MAX_SLOTS - 1), reused.id() & (SessionRegistry.MAX_SLOTS - 1), "same slot");
        assertNull(registry.get(old.id()), "an event for the old session must not reach the slot's new owner");
        assertSame(reused, registry.get(reused.id()));
    }

    @Test
    void shouldNotEvictNewOwnerWhenStaleSessionIsUnregistered()
    {
        final SessionRegistry registry = new SessionRegistry(1, 4, 4, 4);
        final GatewaySession old = registry.register(channel, WireFormat.TCP_BINARY);
        registry.unregister(old);
        final GatewaySession reused = registry.register(channel, WireFormat.TCP_BINARY);

        registry.unregister(old);
        registry.unregister(old);

        assertSame(reused, registry.get(reused.id()));
        assertEquals(1, registry.size());
        assertNull(registry.register(channel, WireFormat.TCP_BINARY), "the slot was not freed twice");
    }

    @Test
    void shouldReturnNullWhenFull()
    {
        final SessionRegistry registry = new SessionRegistry(2, 4, 4, 4);
        final GatewaySession first = registry.register(channel, WireFormat.TCP_BINARY);
        assertNotNull(registry.register(channel, WireFormat.TCP_BINARY));

        assertNull(registry.register(channel, WireFormat.TCP_BINARY));
        assertEquals(2, registry.size());

        registry.unregister(first);
        assertNotNull(registry.register(channel, WireFormat.TCP_BINARY));
    }

    @Test
    void shouldReturnNullForIdsItNeverGave()
    {
        final SessionRegistry registry = new SessionRegistry(4, 4, 4, 4);
        final GatewaySession session = registry.register(channel, WireFormat.TCP_BINARY);

        assertNull(registry.get(0));
        assertNull(registry.get(-1));
        assertNull(registry.get(5)); // slot beyond capacity
        assertNull(registry.get(session.id() & (SessionRegistry.MAX_SLOTS - 1))); // right slot, generation 0
        assertNull(registry.get(session.id() + (1L << SessionRegistry.SLOT_BITS))); // right slot, next generation
    }

    @Test
    void shouldVisitEveryLiveSession()
    {
        final SessionRegistry registry = new SessionRegistry(4, 4, 4, 4);
        final GatewaySession a = registry.register(channel, WireFormat.TCP_BINARY);
        final GatewaySession b = registry.register(channel, WireFormat.WEBSOCKET_JSON);
        final GatewaySession c = registry.register(channel, WireFormat.WEBSOCKET_BINARY);
        registry.unregister(b);

        final List<GatewaySession> visited = new ArrayList<>();
        registry.forEach(visited::add);

        assertEquals(Set.of(a, c), new HashSet<>(visited));
        assertEquals(2, visited.size());
    }

    @Test
    void shouldRefuseCapacityOutsideOneToMaxSlots()
    {
        assertThrows(IllegalArgumentException.class, () -> new SessionRegistry(0, 4, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new SessionRegistry(SessionRegistry.MAX_SLOTS + 1, 4, 4, 4));
    }
}
