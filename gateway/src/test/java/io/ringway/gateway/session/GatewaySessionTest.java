package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.ringway.codec.ErrorCode;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.TestFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.ringway.gateway.TestFrames.payloadOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class GatewaySessionTest
{
    private static final int LIMIT = 8;

    private final SessionEvents.Forwarder forwarder = new SessionEvents.Forwarder();
    private final SessionEvents.HoldWrites heldWrites = new SessionEvents.HoldWrites();
    private EmbeddedChannel channel;
    private GatewaySession session;

    @AfterEach
    void tearDown()
    {
        channel.finishAndReleaseAll();
        heldWrites.releaseAll();
    }

    @Test
    void shouldStartInInitAndOpenOnlyFromInit()
    {
        register(WireFormat.TCP_BINARY, false);
        assertEquals(ConnectionState.INIT, session.state());

        session.open();
        assertEquals(ConnectionState.OPEN, session.state());

        setWritable(false);
        session.open();
        assertEquals(ConnectionState.DRAINING, session.state(), "open() does not cut draining short");
    }

    @Test
    void shouldMoveBetweenOpenAndDrainingWhenWritabilityFlips()
    {
        register(WireFormat.TCP_BINARY, false);
        session.open();

        setWritable(false);
        assertEquals(ConnectionState.DRAINING, session.state());
        setWritable(true);
        assertEquals(ConnectionState.OPEN, session.state());
        setWritable(false);
        assertEquals(ConnectionState.DRAINING, session.state());
    }

    @Test
    void shouldNeverLeaveClosingWhenWritabilityFlipsOrOpenIsCalled()
    {
        register(WireFormat.TCP_BINARY, true);
        session.open();

        session.close(ErrorCode.SLOW_CONSUMER, null);
        assertEquals(ConnectionState.CLOSING, session.state());

        setWritable(false);
        assertEquals(ConnectionState.CLOSING, session.state());
        setWritable(true);
        assertEquals(ConnectionState.CLOSING, session.state());
        session.open();
        assertEquals(ConnectionState.CLOSING, session.state());

        channel.close();
        assertEquals(ConnectionState.CLOSED, session.state());
    }

    @Test
    void shouldNeverLeaveClosedWhateverHappensNext()
    {
        register(WireFormat.TCP_BINARY, false);
        session.open();
        channel.close();
        assertEquals(ConnectionState.CLOSED, session.state());

        session.open();
        session.onWritabilityChanged();
        session.close(ErrorCode.INTERNAL, "too late");

        assertEquals(ConnectionState.CLOSED, session.state());
        assertNull(channel.readOutbound(), "a closed session says nothing more");
    }

    @Test
    void shouldCutConnectionOneSecondAfterCloseWhenFarewellIsNotWritten()
    {
        register(WireFormat.WEBSOCKET_JSON, true);
        channel.freezeTime();
        session.open();

        session.close(ErrorCode.SLOW_CONSUMER, null);
        assertTrue(channel.isOpen(), "the close waits for the farewell to be written");

        channel.advanceTimeBy(GatewaySession.FORCE_CLOSE_AFTER_MS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(ConnectionState.CLOSED, session.state());
        assertEquals(2, heldWrites.held.size(), "error text, then close frame");
    }

    @Test
    void shouldWriteErrorFrameThenCloseWhenTcpSessionCloses()
    {
        register(WireFormat.TCP_BINARY, false);
        session.open();

        session.close(ErrorCode.IDLE_TIMEOUT, "no frame within the idle timeout");

        final String payload = payloadOf(TestFrames.bytesAndRelease(channel.readOutbound()), 0x06, 0x01);
        assertEquals("{\"code\":\"idle_timeout\",\"message\":\"no frame within the idle timeout\"}", payload);
        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
        assertEquals(ConnectionState.CLOSED, session.state());
    }

    @Test
    void shouldWriteTextErrorThenCloseFrameWhenJsonWebSocketSessionCloses()
    {
        register(WireFormat.WEBSOCKET_JSON, false);
        session.open();

        session.close(ErrorCode.TOO_LARGE, null);

        assertEquals("{\"type\":\"error\",\"error\":{\"code\":\"too_large\",\"message\":\"message exceeds the size limit\"}}",
            TestFrames.wsTextAndRelease(channel.readOutbound()));
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, close.statusCode());
        assertEquals("too_large", close.reasonText());
        close.release();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldWriteBinaryErrorThenCloseFrameWhenBinaryWebSocketSessionCloses()
    {
        register(WireFormat.WEBSOCKET_BINARY, false);
        session.open();

        session.close(ErrorCode.BAD_FRAME, "x");

        assertEquals("{\"code\":\"bad_frame\",\"message\":\"x\"}",
            payloadOf(TestFrames.wsBinaryAndRelease(channel.readOutbound()), 0x06, 0x01));
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, channel.readOutbound());
        assertEquals(CloseCodes.PROTOCOL_ERROR, close.statusCode());
        assertEquals("bad_frame", close.reasonText());
        close.release();
    }

    @Test
    void shouldSayFarewellOnlyOnceWhenClosedTwice()
    {
        register(WireFormat.WEBSOCKET_JSON, true);
        session.open();

        session.close(ErrorCode.SLOW_CONSUMER, null);
        session.close(ErrorCode.INTERNAL, null);

        assertEquals(2, heldWrites.held.size());
        // still held (tearDown releases the held writes): read it without releasing
        assertTrue(io.ringway.gateway.ws.ServerWebSocketFrames.payloadText((io.netty.buffer.ByteBuf)heldWrites.held.get(0))
            .contains("slow_consumer"));
        final CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, heldWrites.held.get(1));
        assertEquals(CloseCodes.TRY_AGAIN_LATER, close.statusCode());
        assertEquals("slow_consumer", close.reasonText());
    }

    @Test
    void shouldDropQueuedMessagesWhenClosing()
    {
        register(WireFormat.TCP_BINARY, false);
        session.open();
        final ByteBuf queued = TestFrames.buf("queued");
        session.send(Priority.STANDARD, queued);

        session.close(ErrorCode.INTERNAL, null);

        assertEquals(0, queued.refCnt());
        assertTrue(payloadOf(TestFrames.bytesAndRelease(channel.readOutbound()), 0x06, 0x01).startsWith("{\"code\":\"internal\""));
        channel.runPendingTasks();
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldBeAnonymousUntilUserIsBound()
    {
        register(WireFormat.WEBSOCKET_JSON, false);
        assertFalse(session.isAuthenticated());
        assertNull(session.user());

        session.bindUser("zo\u00eb");

        assertTrue(session.isAuthenticated());
        assertEquals("zo\u00eb", session.user());
        final byte[] utf8 = "zo\u00eb".getBytes(StandardCharsets.UTF_8);
        assertEquals(utf8.length, session.userUtf8().capacity());
        final byte[] bound = new byte[utf8.length];
        session.userUtf8().getBytes(0, bound);
        assertEquals(new String(utf8, StandardCharsets.UTF_8), new String(bound, StandardCharsets.UTF_8));
        assertSame(channel, session.channel());
    }

    private void register(final WireFormat format, final boolean clientNeverReads)
    {
        channel = clientNeverReads ? new EmbeddedChannel(heldWrites, forwarder) : new EmbeddedChannel(forwarder);
        session = new SessionRegistry(2, LIMIT, LIMIT, LIMIT).register(channel, format);
        forwarder.session = session;
    }

    private void setWritable(final boolean writable)
    {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        channel.runPendingTasks();
    }
}
