package io.ringway.gateway.outbound;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import io.ringway.engine.link.EngineEventListener;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher called from an engine thread, as with DIRECT delivery, for a session whose channel
 * lives on a real event loop (Netty's in-VM transport): its drains are handed over without a
 * wake-up, and the loop is woken once at the engine's batch end.
 */
class BatchWakeupDispatchTest
{
    /** Upper bound for a message that must arrive; never a performance assertion. */
    private static final long WAIT_SECONDS = 10;
    private static final int GATEWAY_ID = 1;

    /** An I/O event loop, as the gateway's: a task handed over without a wake-up waits for one (a DefaultEventLoop would not). */
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final SessionRegistry registry = new SessionRegistry(8, 4096, 16, 4096);
    private final OutboundDispatcher dispatcher = new OutboundDispatcher(registry, PooledByteBufAllocator.DEFAULT);
    private final ExpandableArrayBuffer event = new ExpandableArrayBuffer(512);
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private Channel server;
    private Channel client;
    private GatewaySession session;

    @BeforeEach
    void connect() throws Exception
    {
        final CompletableFuture<GatewaySession> accepted = new CompletableFuture<>();
        final LocalAddress address = new LocalAddress("batch-wakeup-" + System.nanoTime());
        server = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
            .childHandler(new ChannelInitializer<LocalChannel>()
            {
                @Override
                protected void initChannel(final LocalChannel channel)
                {
                    final GatewaySession opened = registry.register(channel, WireFormat.TCP_BINARY);
                    opened.open();
                    accepted.complete(opened);
                }
            })
            .bind(address).sync().channel();
        client = new Bootstrap().group(loops).channel(LocalChannel.class)
            .handler(new ChannelInboundHandlerAdapter()
            {
                @Override
                public void channelRead(final ChannelHandlerContext ctx, final Object msg)
                {
                    received.add(TestFrames.utf8AndRelease((ByteBuf)msg));
                }
            })
            .connect(address).sync().channel();
        session = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterEach
    void close()
    {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldWakeTheRecipientsLoopOnceAtBatchEndAndDeliverEverythingInOrder() throws InterruptedException
    {
        dispatcher.onEvent(event, 0, roomMessage(session.id()));
        dispatcher.onEvent(event, 0, LinkEventEncoder.ack(event, 0, GATEWAY_ID, session.id(), 1, utf8("\"p1\""), 0, 4));

        assertEquals(1, dispatcher.pendingWakeups(), "one loop to wake, not yet woken");
        dispatcher.onBatchEnd();
        assertEquals(0, dispatcher.pendingWakeups());

        final String bytes = receiveUntil("\"type\":\"ack\"", "\"type\":\"message\"");
        assertTrue(bytes.indexOf("\"id\":\"p1\"") < bytes.indexOf("\"from\":\"alice\""),
            "both were queued when the one drain ran, so they left in lane order, CONTROL first: " + bytes);
    }

    @Test
    void shouldWakeWithoutABatchEndOnceEnoughEventsAreDeferred()
    {
        for (int i = 0; i < OutboundDispatcher.MAX_DEFERRED_EVENTS - 1; i++)
        {
            dispatcher.onEvent(event, 0, roomMessage(session.id()));
        }
        assertEquals(1, dispatcher.pendingWakeups());

        dispatcher.onEvent(event, 0, roomMessage(session.id()));

        assertEquals(0, dispatcher.pendingWakeups(), "a long batch does not hold its first events back");
    }

    @Test
    void shouldWakeAfterEveryEventWhenTheInstanceIsTheHistoryReaders()
    {
        final EngineEventListener reader = dispatcher.forAnotherThread();

        reader.onEvent(event, 0, roomMessage(session.id()));

        assertEquals(0, ((OutboundDispatcher)reader).pendingWakeups(), "the history reader hears no batch ends");
    }

    /** What the client read, concatenated, once it holds every one of {@code parts}. */
    private String receiveUntil(final String... parts) throws InterruptedException
    {
        final StringBuilder all = new StringBuilder();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!containsAll(all, parts))
        {
            final String next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(next, "the client got only: " + all);
            all.append(next);
        }
        return all.toString();
    }

    private static boolean containsAll(final CharSequence text, final String... parts)
    {
        for (final String part : parts)
        {
            if (!text.toString().contains(part))
            {
                return false;
            }
        }
        return true;
    }

    private int roomMessage(final long recipient)
    {
        event.putLong(LinkEventEncoder.roomRecipientOffset(0, 0), recipient, ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer room = utf8("lobby");
        final UnsafeBuffer from = utf8("alice");
        final UnsafeBuffer data = utf8("{\"text\":\"hi\"}");
        return LinkEventEncoder.finishRoomMessage(event, 0, GATEWAY_ID, 1, 1_700_000_000_000L, 1,
            room, 0, room.capacity(), from, 0, from.capacity(), data, 0, data.capacity());
    }

    private static UnsafeBuffer utf8(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }
}
