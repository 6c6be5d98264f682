package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.ringway.codec.ErrorCode;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.TestFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.ringway.gateway.TestFrames.payloadOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lanes behind {@link GatewaySession#send} and {@link GatewaySession#sendRealtime}, drained on an EmbeddedChannel. */
@ExtendWith(NettyLeakDetectionExtension.class)
class SessionOutboundTest
{
    private static final int LIMIT = 4;

    private SessionEvents.Forwarder forwarder;
    private final List<ByteBuf> sent = new ArrayList<>();
    private EmbeddedChannel channel;
    private GatewaySession session;

    @AfterEach
    void tearDown()
    {
        if (channel != null)
        {
            channel.finishAndReleaseAll();
        }
        for (final ByteBuf buf : sent)
        {
            assertEquals(0, buf.refCnt(), "every message handed to the session was written or released");
        }
    }

    @Test
    void shouldWriteControlThenRealtimeThenStandardWhenAllQueuedBeforeDrain()
    {
        start(WireFormat.TCP_BINARY, LIMIT);

        session.send(Priority.STANDARD, message("s1"));
        session.sendRealtime(1, message("r1"));
        session.send(Priority.CONTROL, message("c1"));
        session.send(Priority.STANDARD, message("s2"));
        session.sendRealtime(2, message("r2"));
        session.send(Priority.CONTROL, message("c2"));
        assertNull(channel.readOutbound(), "nothing is written before the drain runs on the event loop");

        channel.runPendingTasks();

        assertEquals(List.of("c1", "c2", "r1", "r2", "s1", "s2"), written());
    }

    @Test
    void shouldWriteOnlyNewestRealtimeStatePerKeyWhenSeveralAreQueued()
    {
        start(WireFormat.TCP_BINARY, LIMIT);
        final ByteBuf first = message("key1-v1");
        final ByteBuf second = message("key1-v2");

        session.sendRealtime(1, first);
        session.sendRealtime(1, second);
        session.sendRealtime(1, message("key1-v3"));
        session.sendRealtime(2, message("key2-v1"));
        channel.runPendingTasks();

        assertEquals(List.of("key1-v3", "key2-v1"), written());
        assertEquals(0, first.refCnt(), "a replaced state is released");
        assertEquals(0, second.refCnt(), "a replaced state is released");
    }

    @Test
    void shouldMoveReplacedKeyBehindOtherKeysWhenNewerStateArrives()
    {
        start(WireFormat.TCP_BINARY, LIMIT);

        session.sendRealtime(1, message("key1-v1"));
        session.sendRealtime(2, message("key2-v1"));
        session.sendRealtime(1, message("key1-v2"));
        channel.runPendingTasks();

        assertEquals(List.of("key2-v1", "key1-v2"), written());
    }

    @Test
    void shouldDropOldestKeyWhenMoreRealtimeKeysThanTheLimitWaitWhileUnwritable()
    {
        start(WireFormat.TCP_BINARY, LIMIT);
        setWritable(false);
        final ByteBuf oldest = message("key1");
        session.sendRealtime(1, oldest);
        session.sendRealtime(2, message("key2"));
        session.sendRealtime(3, message("key3"));
        session.sendRealtime(4, message("key4"));
        channel.runPendingTasks();
        session.sendRealtime(5, message("key5"));
        channel.runPendingTasks();
        assertEquals(0, oldest.refCnt());

        setWritable(true);

        assertEquals(List.of("key2", "key3", "key4", "key5"), written());
    }

    @Test
    void shouldWriteNothingWhileUnwritableThenDrainInOrderWhenWritableAgain()
    {
        start(WireFormat.TCP_BINARY, LIMIT);
        assertEquals(ConnectionState.OPEN, session.state());

        setWritable(false);
        assertEquals(ConnectionState.DRAINING, session.state());
        session.send(Priority.STANDARD, message("s1"));
        session.send(Priority.CONTROL, message("c1"));
        session.sendRealtime(9, message("r1"));
        channel.runPendingTasks();
        assertNull(channel.readOutbound(), "nothing is written while the channel is unwritable");
        assertEquals(ConnectionState.DRAINING, session.state());

        setWritable(true);

        assertEquals(ConnectionState.OPEN, session.state());
        assertEquals(List.of("c1", "r1", "s1"), written());
    }

    @Test
    void shouldEnterDrainingWhenDrainFindsChannelUnwritableWithMessagesPending()
    {
        channel = new EmbeddedChannel(); // no handler reports writability: the drain notices on its own
        session = new SessionRegistry(1, LIMIT, LIMIT, LIMIT).register(channel, WireFormat.TCP_BINARY);
        session.open();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.runPendingTasks();
        assertEquals(ConnectionState.OPEN, session.state());

        session.send(Priority.STANDARD, message("s1"));
        channel.runPendingTasks();

        assertEquals(ConnectionState.DRAINING, session.state());
        assertNull(channel.readOutbound());
        session.onChannelClosed(); // what the transport handler does on close: frees the queued message
    }

    @Test
    void shouldStopWritingWhenWritesMakeTheChannelUnwritable()
    {
        start(WireFormat.TCP_BINARY, LIMIT);
        // Any one message goes over a 1-byte high-water mark while it waits to be flushed.
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 1));
        final ClientNotReading client = new ClientNotReading();
        channel.pipeline().addFirst(client);

        session.send(Priority.STANDARD, message("s1"));
        session.send(Priority.STANDARD, message("s2"));
        session.send(Priority.STANDARD, message("s3"));
        channel.runPendingTasks();

        assertFalse(channel.isWritable());
        assertEquals(ConnectionState.DRAINING, session.state());
        assertEquals(1, client.writes, "the drain stopped as soon as the channel became unwritable");

        channel.pipeline().remove(client);
        channel.flush(); // the client catches up
        channel.runPendingTasks();

        assertEquals(ConnectionState.OPEN, session.state());
        assertEquals(List.of("s1", "s2", "s3"), written());
    }

    @Test
    void shouldCloseTcpSessionAsSlowConsumerAndReleaseQueuedWhenStandardOverflows()
    {
        start(WireFormat.TCP_BINARY, LIMIT);

        for (int i = 1; i <= LIMIT; i++)
        {
            assertTrue(session.send(Priority.STANDARD, message("s" + i)));
        }
        final ByteBuf overflow = message("overflow");
        assertFalse(session.send(Priority.STANDARD, overflow));
        assertEquals(0, overflow.refCnt(), "the refused message is released at once");

        channel.runPendingTasks();

        final Object out = channel.readOutbound();
        assertNotNull(out);
        final String error = payloadOf(TestFrames.bytesAndRelease((ByteBuf)out), 0x06, 0x01);
        assertTrue(error.startsWith("{\"code\":\"slow_consumer\",\"message\":"), error);
        assertTrue(error.contains("STANDARD lane full at " + LIMIT + " messages"), error);
        assertNull(channel.readOutbound(), "the queued messages are dropped, not written");
        assertFalse(channel.isOpen());
        assertEquals(ConnectionState.CLOSED, session.state());
        sent.forEach(buf -> assertEquals(0, buf.refCnt()));
    }

    @Test
    void shouldCloseAsSlowConsumerWhenLargeMessagesQueuedPassTheBytesBoundWhileTheCountBoundHasRoom()
    {
        start(WireFormat.TCP_BINARY, 4096);
        setWritable(false); // a client that reads nothing: the lanes keep what it does not take
        final String large = "x".repeat((1 << 20) + 1);
        final int fit = (int)(SessionOutbound.MAX_LARGE_QUEUED_BYTES >> 20) - 1; // 1 MiB + 1 byte each: one more would pass
        for (int i = 0; i < fit; i++)
        {
            assertTrue(session.send(i % 2 == 0 ? Priority.STANDARD : Priority.CONTROL, message(large)), "large message " + i);
        }
        for (int i = 0; i < 1_000; i++)
        {
            assertTrue(session.send(Priority.STANDARD, message("small " + i)), "small messages count only against the count bound");
        }
        final ByteBuf over = message(large);
        assertFalse(session.send(Priority.STANDARD, over));
        assertEquals(0, over.refCnt(), "the refused message is released at once");

        setWritable(true);
        channel.runPendingTasks();
        final String error = payloadOf(TestFrames.bytesAndRelease((ByteBuf)channel.readOutbound()), 0x06, 0x01);
        assertTrue(error.contains("STANDARD lane over " + (SessionOutbound.MAX_LARGE_QUEUED_BYTES >> 20) + " MiB of large messages"), error);
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldTakeLargeMessagesAgainOnceTheClientHasReadThoseQueued()
    {
        start(WireFormat.TCP_BINARY, 4096);
        final String large = "x".repeat(1 << 20);
        for (int round = 0; round < 8; round++) // 80 MiB in all, more than the bound, never more than 10 MiB queued
        {
            setWritable(false);
            for (int i = 0; i < 10; i++)
            {
                assertTrue(session.send(Priority.STANDARD, message(large)), "round " + round + ", message " + i);
            }
            setWritable(true);
            channel.runPendingTasks();
            assertEquals(10, written().size());
        }
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldCloseJsonWebSocketAsSlowConsumerWith1013WhenStandardOverflows()
    {
        start(WireFormat.WEBSOCKET_JSON, LIMIT);

        for (int i = 0; i <= LIMIT; i++)
        {
            session.send(Priority.STANDARD, message("{\"n\":" + i + "}"));
        }
        channel.runPendingTasks();

        final String error = TestFrames.wsTextAndRelease(channel.readOutbound());
        assertTrue(error.startsWith("{\"type\":\"error\",\"error\":{\"code\":\"slow_consumer\",\"message\":"), error);
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
        assertEquals(1013, close.statusCode());
        assertEquals("slow_consumer", close.reasonText());
        close.release();
        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
        sent.forEach(buf -> assertEquals(0, buf.refCnt()));
    }

    @Test
    void shouldCloseAsSlowConsumerWhenControlOverflows()
    {
        start(WireFormat.TCP_BINARY, LIMIT);

        for (int i = 0; i <= LIMIT; i++)
        {
            session.send(Priority.CONTROL, message("c" + i));
        }
        channel.runPendingTasks();

        final String error = payloadOf(TestFrames.bytesAndRelease(channel.readOutbound()), 0x06, 0x01);
        assertTrue(error.startsWith("{\"code\":\"slow_consumer\""), error);
        assertFalse(channel.isOpen());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 16, 17})
    void shouldAcceptExactlyTheLimitWhenLaneLimitIsConfigured(final int limit)
    {
        start(WireFormat.TCP_BINARY, limit);
        setWritable(false);

        for (int i = 0; i < limit; i++)
        {
            assertTrue(session.send(Priority.STANDARD, message("s" + i)), "message " + i + " of " + limit);
        }
        assertFalse(session.send(Priority.STANDARD, message("one too many")));
    }

    @Test
    void shouldReleaseMessageWhenOfferedAfterClose()
    {
        start(WireFormat.TCP_BINARY, LIMIT);
        session.close(ErrorCode.IDLE_TIMEOUT, null);
        drainOutbound();
        final ByteBuf late = message("late");
        final ByteBuf lateState = message("late-state");

        assertFalse(session.send(Priority.CONTROL, late));
        assertFalse(session.sendRealtime(1, lateState));

        assertEquals(0, late.refCnt());
        assertEquals(0, lateState.refCnt());
        channel.runPendingTasks();
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldReleaseEverythingQueuedWhenChannelCloses()
    {
        start(WireFormat.WEBSOCKET_JSON, LIMIT);
        setWritable(false);
        session.send(Priority.CONTROL, message("c1"));
        session.send(Priority.STANDARD, message("s1"));
        session.sendRealtime(1, message("r1"));
        channel.runPendingTasks();
        session.sendRealtime(2, message("r2")); // still in the lane, not yet conflated

        channel.close();

        assertEquals(ConnectionState.CLOSED, session.state());
        sent.forEach(buf -> assertEquals(0, buf.refCnt()));
    }

    @Test
    void shouldWriteMessagesAsTheyAreGivenWhateverTheWireFormat()
    {
        start(WireFormat.WEBSOCKET_JSON, LIMIT);
        final ByteBuf whole = message("{}");
        session.send(Priority.CONTROL, whole);
        channel.runPendingTasks();
        final Object text = channel.readOutbound();
        assertSame(whole, text, "JSON sessions are given whole text frames (ServerMessages.toBuf): written as they are");
        ReferenceCountUtil.release(text);
        channel.finishAndReleaseAll();

        start(WireFormat.WEBSOCKET_BINARY, LIMIT);
        final ByteBuf wholeBinary = message("x");
        session.send(Priority.CONTROL, wholeBinary);
        channel.runPendingTasks();
        final Object binary = channel.readOutbound();
        assertSame(wholeBinary, binary, "binary WebSocket sessions are given whole binary frames (ServerMessages.toBuf) too");
        ReferenceCountUtil.release(binary);
        channel.finishAndReleaseAll();

        start(WireFormat.TCP_BINARY, LIMIT);
        session.send(Priority.CONTROL, message("y"));
        channel.runPendingTasks();
        final Object raw = channel.readOutbound();
        assertInstanceOf(ByteBuf.class, raw);
        ReferenceCountUtil.release(raw);
    }

    @Test
    void shouldWriteAViewOfAMessageSharedWithAnotherSessionAndTheMessageItselfOnceItIsTheLastHolder()
    {
        start(WireFormat.TCP_BINARY, LIMIT);
        final EmbeddedChannel firstChannel = channel;
        final GatewaySession first = session;
        start(WireFormat.TCP_BINARY, LIMIT);
        final ByteBuf shared = message("one frame for both");
        shared.retain(); // the dispatcher's way: one reference per recipient lane

        first.send(Priority.STANDARD, shared);
        session.send(Priority.STANDARD, shared);
        firstChannel.runPendingTasks();
        final ByteBuf view = firstChannel.readOutbound();

        assertNotSame(shared, view, "the other session still holds the buffer: this write gets its own indexes");
        assertEquals("one frame for both", TestFrames.utf8AndRelease(view));
        assertEquals(1, shared.refCnt(), "releasing the written view gave back the first lane's reference");
        assertEquals(0, shared.readerIndex(), "the shared buffer's own indexes are untouched");
        channel.runPendingTasks();
        assertSame(shared, channel.readOutbound(), "held by this lane alone: written as it is");
        shared.release();
        firstChannel.finishAndReleaseAll();
    }

    @Test
    void shouldWriteFramesPastTheHandlersBehindFramesOutWhenThePipelineHasIt()
    {
        final WriteCounter socketSide = new WriteCounter();
        final WriteCounter behind = new WriteCounter();
        forwarder = new SessionEvents.Forwarder();
        channel = new EmbeddedChannel(socketSide, FramesOut.INSTANCE, behind, forwarder);
        session = new SessionRegistry(1, LIMIT, LIMIT, LIMIT).register(channel, WireFormat.WEBSOCKET_JSON);
        forwarder.session = session;
        session.open();

        session.send(Priority.STANDARD, message("{}"));
        channel.runPendingTasks();

        assertEquals(1, socketSide.writes, "the frame reaches the handlers between FramesOut and the socket");
        assertEquals(0, behind.writes, "and skips the ones behind it, which would only pass a whole frame on");
        assertEquals("{}", TestFrames.utf8AndRelease(channel.readOutbound()));
    }

    /** Counts the writes that pass it. */
    private static class WriteCounter extends ChannelOutboundHandlerAdapter
    {
        int writes;

        @Override
        public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
        {
            writes++;
            ctx.write(msg, promise);
        }
    }

    /** Lets writes into the outbound buffer, where they count against the water marks, but never flushes them. */
    private static final class ClientNotReading extends WriteCounter
    {
        @Override
        public void flush(final ChannelHandlerContext ctx)
        {
        }
    }

    private void start(final WireFormat format, final int limit)
    {
        forwarder = new SessionEvents.Forwarder();
        channel = new EmbeddedChannel(forwarder);
        session = new SessionRegistry(1, limit, limit, limit).register(channel, format);
        forwarder.session = session;
        session.open();
    }

    /** Flips a user-defined writability bit: Netty fires channelWritabilityChanged on the event loop. */
    private void setWritable(final boolean writable)
    {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        channel.runPendingTasks();
    }

    private ByteBuf message(final String text)
    {
        final ByteBuf buf = TestFrames.buf(text);
        sent.add(buf);
        return buf;
    }

    /** Everything written so far, as text, released. */
    private List<String> written()
    {
        final List<String> texts = new ArrayList<>();
        Object out;
        while ((out = channel.readOutbound()) != null)
        {
            final ByteBuf content = out instanceof ByteBufHolder holder ? holder.content() : (ByteBuf)out;
            texts.add(TestFrames.utf8AndRelease(content));
        }
        return texts;
    }

    private void drainOutbound()
    {
        Object out;
        while ((out = channel.readOutbound()) != null)
        {
            ReferenceCountUtil.release(out);
        }
    }
}
