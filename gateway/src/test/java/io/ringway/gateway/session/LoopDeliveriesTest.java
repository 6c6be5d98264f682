package io.ringway.gateway.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Sessions on real event loops (in-VM channels): what a dispatcher hands out arrives, in order,
 * on the session's own loop; a loop that refuses the task gets nothing leaked.
 */
@ExtendWith(NettyLeakDetectionExtension.class)
class LoopDeliveriesTest
{
    /** Upper bound for a delivery that must arrive; never a performance assertion. */
    private static final long WAIT_SECONDS = 10;

    private final EventLoopGroup serverGroup = new DefaultEventLoopGroup(1);
    private final EventLoopGroup firstLoop = new DefaultEventLoopGroup(1);
    private final EventLoopGroup secondLoop = new DefaultEventLoopGroup(1);
    private final SessionRegistry registry = new SessionRegistry(8, 16, 16, 1_000);
    private final LoopDeliveries deliveries = new LoopDeliveries();
    /** What each peer received, in order, one queue per session (by the order the sessions were opened). */
    private final List<BlockingQueue<String>> received = new ArrayList<>();
    private final LocalAddress address = new LocalAddress("loop-deliveries-" + System.nanoTime());
    private Channel server;

    @BeforeEach
    void listen()
    {
        server = new ServerBootstrap()
            .group(serverGroup)
            .channel(LocalServerChannel.class)
            .childHandler(new ChannelInitializer<LocalChannel>()
            {
                @Override
                protected void initChannel(final LocalChannel channel)
                {
                    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                    synchronized (received)
                    {
                        received.add(queue);
                    }
                    channel.pipeline().addLast(new ChannelInboundHandlerAdapter()
                    {
                        @Override
                        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
                        {
                            final ByteBuf buf = (ByteBuf)msg; // writes may arrive merged: one message a line
                            final String lines = buf.toString(StandardCharsets.US_ASCII);
                            buf.release(); // before it is seen: a test may then check the message's count
                            for (final String line : lines.split("\n"))
                            {
                                queue.add(line);
                            }
                        }
                    });
                }
            })
            .bind(address).syncUninterruptibly().channel();
    }

    @AfterEach
    void stop()
    {
        server.close().syncUninterruptibly();
        for (final EventLoopGroup group : List.of(firstLoop, secondLoop, serverGroup))
        {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private GatewaySession open(final EventLoopGroup loop) throws InterruptedException
    {
        final int before = received.size();
        final Channel channel = new Bootstrap().group(loop).channel(LocalChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(address).syncUninterruptibly().channel();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true)
        {
            synchronized (received)
            {
                if (received.size() > before)
                {
                    break;
                }
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("the in-VM server never accepted the connection");
            }
            Thread.sleep(1);
        }
        final GatewaySession session = registry.register(channel, WireFormat.WEBSOCKET_JSON);
        session.open();
        return session;
    }

    private static ByteBuf text(final String text)
    {
        // pooled, as the dispatcher's: a pooled duplicate has a count of its own (LoopDelivery relies on it)
        final ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        buf.writeCharSequence(text + "\n", StandardCharsets.US_ASCII);
        return buf;
    }

    /** Shares one message with {@code sessions}, as the dispatcher does: it keeps no reference afterwards. */
    private void share(final String text, final GatewaySession... sessions)
    {
        final ByteBuf message = text(text);
        for (final GatewaySession session : sessions)
        {
            deliveries.shareOnLoop(session, Priority.STANDARD, message);
        }
        message.release();
    }

    /**
     * The message's reference count once the writing loops are done with it, or what it still is after the wait: a
     * reader can see a message before the loop that wrote it has let its reference go.
     */
    private static int awaitReleased(final ByteBuf message) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (message.refCnt() != 0 && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(1);
        }
        return message.refCnt();
    }

    private String next(final int session) throws InterruptedException
    {
        return received.get(session).poll(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void shouldDeliverEveryMessageInOrderWhenRecipientsShareTwoLoops() throws Exception
    {
        final GatewaySession[] sessions = {open(firstLoop), open(secondLoop), open(firstLoop), open(secondLoop)};
        for (int event = 0; event < 200; event++)
        {
            share("m" + event, sessions);
            deliveries.handOut();
            deliveries.send(sessions[0], Priority.STANDARD, text("reply" + event)); // may find the task run or not
            deliveries.handOut();
        }

        for (int event = 0; event < 200; event++)
        {
            assertEquals("m" + event, next(0));
            assertEquals("reply" + event, next(0), "a direct send stays behind the fan-out before it");
        }
        for (int s = 1; s < sessions.length; s++)
        {
            for (int event = 0; event < 200; event++)
            {
                assertEquals("m" + event, next(s), "session " + s);
            }
        }
    }

    @Test
    void shouldGiveEachLoopOneReferenceWhenItsSessionsShareAMessage() throws Exception
    {
        final GatewaySession[] sessions = {open(firstLoop), open(firstLoop), open(firstLoop), open(secondLoop)};
        final ByteBuf message = text("shared");
        for (final GatewaySession session : sessions)
        {
            deliveries.shareOnLoop(session, Priority.STANDARD, message);
        }

        assertEquals(3, message.refCnt(), "ours and one per loop, not one per session");
        message.release();
        deliveries.handOut();
        for (int s = 0; s < sessions.length; s++)
        {
            assertEquals("shared", next(s), "session " + s);
        }
        assertEquals(0, awaitReleased(message), "every write gave its reference back");
    }

    @Test
    void shouldSendNothingUntilHandedOut() throws Exception
    {
        final GatewaySession session = open(firstLoop);
        final ByteBuf later = text("later");
        final ByteBuf typing = text("typing");
        deliveries.shareOnLoop(session, Priority.STANDARD, later);
        deliveries.shareRealtimeOnLoop(session, 7L, typing);
        later.release();
        typing.release();

        assertEquals(2, deliveries.pending());
        assertNull(received.get(0).poll(50, TimeUnit.MILLISECONDS));

        deliveries.handOut();
        assertEquals(0, deliveries.pending());
        assertEquals("typing", next(0), "REALTIME ahead of STANDARD, as from the session's lanes");
        assertEquals("later", next(0));
    }

    @Test
    void shouldSendStraightIntoTheLanesWhenTheLoopHasNothingOnItsWay() throws Exception
    {
        final GatewaySession session = open(firstLoop);

        deliveries.send(session, Priority.STANDARD, text("direct"));

        assertEquals(0, deliveries.pending(), "no task");
        assertEquals("direct", next(0), "arrived without a hand-out");
        assertEquals(0, deliveries.created());
    }

    @Test
    void shouldQueueADirectSendBehindTheTaskBeingFilledForItsLoop() throws Exception
    {
        final GatewaySession session = open(firstLoop);
        share("first", session);
        deliveries.send(session, Priority.STANDARD, text("second"));

        assertEquals(2, deliveries.pending(), "the direct send waits in the same task");
        deliveries.handOut();
        assertEquals("first", next(0));
        assertEquals("second", next(0));
    }

    @Test
    void shouldHoldADirectSendBackWhileAnEarlierTaskForItsLoopHasNotRun() throws Exception
    {
        final GatewaySession session = open(firstLoop);
        final CountDownLatch release = new CountDownLatch(1);
        firstLoop.execute(() -> // the loop is busy: the next task waits behind this
        {
            try
            {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        share("fan-out", session);
        deliveries.handOut();

        deliveries.send(session, Priority.STANDARD, text("reply"));

        assertEquals(1, deliveries.pending(), "held back in a task of its own, behind the one not run yet");
        deliveries.handOut();
        release.countDown();
        assertEquals("fan-out", next(0));
        assertEquals("reply", next(0));
    }

    @Test
    void shouldReuseTheDeliveryTaskOnceItRan() throws Exception
    {
        final GatewaySession session = open(firstLoop);
        for (int event = 0; event < 50; event++)
        {
            share("m" + event, session);
            deliveries.handOut();
            assertEquals("m" + event, next(0)); // the task was given back before the drain it scheduled ran
        }

        assertEquals(1, deliveries.created(), "one task, reused for every event");
    }

    @Test
    void shouldReleaseTheMessagesWhenTheLoopRefusesTheTask() throws Exception
    {
        final GatewaySession gone = open(secondLoop);
        final GatewaySession alive = open(firstLoop);
        secondLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        final ByteBuf message = text("shared with a stopped loop");

        deliveries.shareOnLoop(gone, Priority.STANDARD, message);
        deliveries.shareOnLoop(alive, Priority.STANDARD, message);
        message.release();
        deliveries.handOut();

        assertEquals(0, deliveries.pending());
        assertEquals("shared with a stopped loop", next(1), "the running loop's session still gets it");
        assertEquals(0, awaitReleased(message), "the stopped loop's reference was released, not leaked");
    }
}
