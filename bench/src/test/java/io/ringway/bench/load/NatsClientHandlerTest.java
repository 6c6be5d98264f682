package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NATS client handler in an EmbeddedChannel: what it writes and what it reports, no server needed. */
class NatsClientHandlerTest
{
    private final List<String> events = new ArrayList<>();
    private final InboundListener listener = new InboundListener()
    {
        @Override
        public void onRoomMessage(final LoadConnection connection, final long index, final long receivedNs)
        {
            events.add("message " + index);
        }

        @Override
        public void onAck(final LoadConnection connection)
        {
            events.add("ack");
        }

        @Override
        public void onError(final LoadConnection connection, final String code)
        {
            events.add("error " + code);
        }

        @Override
        public void onClosedEarly(final LoadConnection connection, final String reason)
        {
            events.add("closed " + reason);
        }
    };
    private final LoadConnection connection =
        new LoadConnection("lg-t-pub", Transport.NATS_WS, true, new LoadMessages("r", 30, LoadMessages.Wire.NATS), listener);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    NatsClientHandlerTest()
    {
        connection.channel(channel);
        channel.pipeline().addLast(new NatsClientHandler(connection));
    }

    @AfterEach
    void close()
    {
        channel.finishAndReleaseAll();
    }

    private static BinaryWebSocketFrame binary(final String text)
    {
        return new BinaryWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Everything the handler wrote, as text, one entry per WebSocket message. */
    private List<String> written()
    {
        final List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null)
        {
            final BinaryWebSocketFrame frame = assertInstanceOf(BinaryWebSocketFrame.class, msg);
            out.add(frame.content().toString(StandardCharsets.US_ASCII));
            frame.release();
        }
        return out;
    }

    private void joined()
    {
        channel.writeInbound(binary("INFO {\"server_id\":\"X\"}\r\n"));
        written();
        channel.writeInbound(binary("PONG\r\n"));
    }

    @Test
    void shouldSendConnectThenSubAndPingWhenInfoArrives()
    {
        channel.writeInbound(binary("INFO {\"server_id\":\"X\",\"proto\":1}\r\n"));
        final List<String> out = written();
        assertEquals(2, out.size());
        assertTrue(out.get(0).startsWith("CONNECT {") && out.get(0).contains("\"name\":\"lg-t-pub\""), out.get(0));
        assertEquals("SUB room.r 1\r\nPING\r\n", out.get(1));
        assertTrue(connection.joinSentNs() != 0);
        assertFalse(connection.joined().isDone(), "the join waits for the PONG");
    }

    @Test
    void shouldCompleteJoinWhenPongFollowsSub() throws Exception
    {
        joined();
        assertEquals(connection, connection.joined().get());
        assertTrue(connection.joinAckNs() >= connection.joinSentNs());
        assertEquals(List.of(), events, "the join's PONG is not a publish ack");
    }

    @Test
    void shouldAnswerServerPingWithPong()
    {
        joined();
        channel.writeInbound(binary("PING\r\n"));
        assertEquals(List.of("PONG\r\n"), written());
    }

    @Test
    void shouldReportIndexWhenMsgIsSplitAcrossWebSocketMessages()
    {
        joined();
        final String data = LoadMessages.data(30, 17);
        final String msg = "MSG room.r 1 " + data.length() + "\r\n" + data + "\r\nMSG room.r 1 " + data.length() + "\r\n";
        channel.writeInbound(binary(msg.substring(0, 9)));
        channel.writeInbound(new ContinuationWebSocketFrame(Unpooled.copiedBuffer(msg.substring(9, 30), StandardCharsets.UTF_8)));
        channel.writeInbound(binary(msg.substring(30)));
        assertEquals(List.of("message 17"), events);
        channel.writeInbound(new TextWebSocketFrame(LoadMessages.data(30, 18) + "\r\n"));
        assertEquals(List.of("message 17", "message 18"), events);
    }

    /** One unmasked binary WebSocket frame (payloads under 126 bytes), as nats-server sends it. */
    private static ByteBuf wsFrame(final String text)
    {
        final byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.buffer().writeByte(0x82).writeByte(payload.length).writeBytes(payload);
    }

    @Test
    void shouldReportIndexWhenFramesReadInPlaceSplitAMsg()
    {
        final NatsClientHandler handler = new NatsClientHandler(connection);
        final EmbeddedChannel raw = new EmbeddedChannel();
        connection.channel(raw);
        raw.pipeline().addLast(new ServerFrameReader(handler, LoadClient.MAX_FRAME_BYTES)).addLast(handler);
        final String data = LoadMessages.data(30, 41);
        final String msg = "MSG room.r 1 " + data.length() + "\r\n" + data + "\r\n";

        raw.writeInbound(wsFrame("INFO {\"server_id\":\"X\"}\r\n"));
        raw.writeInbound(Unpooled.wrappedBuffer(wsFrame("PONG\r\n" + msg.substring(0, 20)), wsFrame(msg.substring(20))));

        assertTrue(connection.joined().isDone(), "the PONG acked the join");
        assertEquals(List.of("message 41"), events);
        raw.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseJoinWhenServerSendsErrBeforePong()
    {
        channel.writeInbound(binary("INFO {}\r\n-ERR 'Authorization Violation'\r\n"));
        final ExecutionException failure = assertThrows(ExecutionException.class, () -> connection.joined().get());
        assertEquals("join refused: authorization_violation", assertInstanceOf(JoinFailedException.class, failure.getCause()).reason());
    }

    @Test
    void shouldRecordCloseReasonWhenServerClosesAfterJoin()
    {
        joined();
        channel.writeInbound(binary("-ERR 'Slow Consumer'\r\n"));
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        assertFalse(channel.isActive());
        assertEquals(List.of("error slow_consumer", "closed error slow_consumer"), events);
    }

    @Test
    void shouldCloseWhenServerSendsGarbage()
    {
        joined();
        channel.writeInbound(binary("HTTP/1.1 400 Bad Request\r\n"));
        assertFalse(channel.isActive());
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("closed bad nats protocol"), events.get(0));
        assertNull(channel.readInbound());
    }

    @Test
    void shouldReleaseFramesWhenTheirBytesAreConsumed()
    {
        joined();
        final ByteBuf first = Unpooled.copiedBuffer("PI", StandardCharsets.US_ASCII);
        final ByteBuf second = Unpooled.copiedBuffer("NG\r\n", StandardCharsets.US_ASCII);
        channel.writeInbound(new BinaryWebSocketFrame(first));
        channel.writeInbound(new BinaryWebSocketFrame(second));
        assertEquals(List.of("PONG\r\n"), written());
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
    }
}
