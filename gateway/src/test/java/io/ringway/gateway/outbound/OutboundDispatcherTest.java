package io.ringway.gateway.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkHeader;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.TypingThrottle;
import io.ringway.gateway.session.WireFormat;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.gateway.TestFrames.payloadOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class OutboundDispatcherTest
{
    private static final int GATEWAY_ID = 1;
    private static final int MESSAGE = 0x04;
    private static final int ERROR = 0x06;
    private static final int ACK = 0x07;
    private static final int TYPING = 0x08;
    private static final int PRESENCE = 0x09;
    private static final int FLAG_JSON = 0x01;
    private static final long TS = 1_700_000_000_000L;
    private static final String ROOM_JSON =
        "{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"alice\",\"seq\":17,\"ts\":1700000000000,\"data\":{\"text\":\"hi\"}}";

    private final CountingAllocator alloc = new CountingAllocator();
    private final SessionRegistry registry = new SessionRegistry(8, 16, 16, 16);
    private final OutboundDispatcher dispatcher = new OutboundDispatcher(registry, alloc);
    private final ExpandableArrayBuffer event = new ExpandableArrayBuffer(512);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private GatewaySession json1;
    private GatewaySession json2;
    private GatewaySession tcp;

    @BeforeEach
    void setUp()
    {
        json1 = open(WireFormat.WEBSOCKET_JSON);
        json2 = open(WireFormat.WEBSOCKET_JSON);
        tcp = open(WireFormat.TCP_BINARY);
    }

    @AfterEach
    void tearDown()
    {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void shouldDeliverRoomMessageInEachRecipientsFormat()
    {
        dispatch(roomMessage(json1.id(), json2.id(), tcp.id()));

        assertEquals(ROOM_JSON, nextText(json1));
        assertEquals(ROOM_JSON, nextText(json2));
        assertEquals(ROOM_JSON, payloadOf(nextBytes(tcp), MESSAGE, FLAG_JSON));
        assertEquals(0, dispatcher.toGoneSessions());
        assertEquals(0, dispatcher.undecodable());
    }

    @Test
    void shouldEncodeRoomMessageOncePerFormatAndShareItsBytes()
    {
        dispatch(roomMessage(json1.id(), json2.id(), tcp.id()));

        assertEquals(2, alloc.allocations, "one JSON buffer and one binary frame for three recipients");
        embedded(json1).runPendingTasks();
        embedded(json2).runPendingTasks();
        final ByteBuf first = assertInstanceOf(ByteBuf.class, embedded(json1).readOutbound());
        final ByteBuf second = assertInstanceOf(ByteBuf.class, embedded(json2).readOutbound());
        try
        {
            final ByteBuf a = first;
            final ByteBuf b = second;
            if (a.hasMemoryAddress() && b.hasMemoryAddress())
            {
                assertEquals(a.memoryAddress() + a.readerIndex(), b.memoryAddress() + b.readerIndex());
            }
            // Same memory, whatever the allocator: a byte changed through one view shows through the other.
            final byte original = a.getByte(a.readerIndex());
            a.setByte(a.readerIndex(), 'X');
            assertEquals('X', b.getByte(b.readerIndex()));
            a.setByte(a.readerIndex(), original);
        }
        finally
        {
            first.release();
            second.release();
        }
        assertEquals(ROOM_JSON, payloadOf(nextBytes(tcp), MESSAGE, FLAG_JSON));
    }

    @Test
    void shouldReleaseSharedBuffersOnceEveryRecipientWroteThem()
    {
        dispatch(roomMessage(json1.id(), json2.id()));

        final ByteBuf shared = alloc.last;
        assertEquals(2, shared.refCnt(), "one reference per queued recipient, the dispatcher's own released");
        nextText(json1);
        nextText(json2);
        assertEquals(0, shared.refCnt());
    }

    @Test
    void shouldGiveTheSharedBufferOneReferencePerRecipientLoopWhenSomeRecipientsAreGone()
    {
        final GatewaySession gone = open(WireFormat.WEBSOCKET_JSON);
        registry.unregister(gone);
        final GatewaySession json3 = open(WireFormat.WEBSOCKET_JSON);

        dispatch(roomMessage(json1.id(), gone.id(), json2.id(), json3.id(), 42L));

        final ByteBuf shared = alloc.last;
        assertEquals(1, alloc.allocations);
        assertEquals(3, shared.refCnt(), "one reference per recipient event loop (each embedded channel has its own), none kept by the dispatcher");
        assertEquals(ROOM_JSON, nextText(json1));
        assertEquals(ROOM_JSON, nextText(json2));
        assertEquals(1, shared.refCnt());
        assertEquals(ROOM_JSON, nextText(json3));
        assertEquals(0, shared.refCnt(), "the last recipient's write gave back the last reference");
    }

    @Test
    void shouldCountGoneRecipientsAndDeliverToTheRest()
    {
        final GatewaySession gone = open(WireFormat.WEBSOCKET_JSON);
        registry.unregister(gone);

        dispatch(roomMessage(json1.id(), gone.id(), 42L));

        assertEquals(2, dispatcher.toGoneSessions());
        assertEquals(ROOM_JSON, nextText(json1));
        embedded(gone).runPendingTasks();
        assertNull(embedded(gone).readOutbound());
    }

    @Test
    void shouldAllocateNothingWhenEveryRecipientIsGone()
    {
        dispatch(roomMessage(99L));

        assertEquals(1, dispatcher.toGoneSessions());
        assertEquals(0, alloc.allocations);
    }

    @Test
    void shouldSendAckAsJsonAndAsAckFrame()
    {
        dispatch(LinkEventEncoder.ack(event, 0, GATEWAY_ID, json1.id(), 17, utf8("\"3\""), 0, 3));
        assertEquals("{\"type\":\"ack\",\"id\":\"3\",\"seq\":17}", nextText(json1));

        dispatch(LinkEventEncoder.ack(event, 0, GATEWAY_ID, tcp.id(), LinkEventEncoder.NO_SEQ, utf8("7"), 0, 1));
        assertEquals("{\"type\":\"ack\",\"id\":7}", payloadOf(nextBytes(tcp), ACK, FLAG_JSON));
    }

    @Test
    void shouldCountAckToGoneSessionAndSendNothing()
    {
        final long goneId = json2.id();
        registry.unregister(json2);

        dispatch(LinkEventEncoder.ack(event, 0, GATEWAY_ID, goneId, 5, utf8("\"1\""), 0, 3));

        assertEquals(1, dispatcher.toGoneSessions());
        assertEquals(0, alloc.allocations);
        embedded(json2).runPendingTasks();
        assertNull(embedded(json2).readOutbound());
    }

    @Test
    void shouldSendErrorWithItsCodeText()
    {
        dispatch(LinkEventEncoder.error(event, 0, GATEWAY_ID, json1.id(), ErrorCode.NOT_MEMBER.wireId(), utf8("\"3\""), 0, 3));
        assertEquals("{\"type\":\"error\",\"id\":\"3\",\"error\":{\"code\":\"not_member\",\"message\":\"not a member of this room\"}}",
            nextText(json1));

        dispatch(LinkEventEncoder.error(event, 0, GATEWAY_ID, tcp.id(), ErrorCode.INBOX_FULL.wireId(), null, 0, 0));
        assertEquals("{\"code\":\"inbox_full\",\"message\":\"the recipient has too many undelivered messages\"}",
            payloadOf(nextBytes(tcp), ERROR, FLAG_JSON));
    }

    @Test
    void shouldCloseTheConnectionWhenTheEngineDoesNotKnowItsSession()
    {
        dispatch(LinkEventEncoder.error(event, 0, GATEWAY_ID, json1.id(), ErrorCode.UNAUTHENTICATED.wireId(), utf8("\"4\""), 0, 3));

        assertEquals("{\"type\":\"error\",\"id\":\"4\",\"error\":{\"code\":\"unauthenticated\",\"message\":\""
            + OutboundDispatcher.ENGINE_UNKNOWN_SESSION + "\"}}", nextText(json1));
        final Object close = embedded(json1).readOutbound();
        assertTrue(close instanceof CloseWebSocketFrame, String.valueOf(close));
        assertEquals(1008, ((CloseWebSocketFrame)close).statusCode());
        ReferenceCountUtil.release(close);
        embedded(json1).runPendingTasks();
        assertFalse(embedded(json1).isOpen(), "reconnecting, the client authenticates afresh");
        assertTrue(embedded(json2).isOpen());
    }

    @Test
    void shouldCountErrorToGoneSession()
    {
        dispatch(LinkEventEncoder.error(event, 0, GATEWAY_ID, 12345L, ErrorCode.NOT_MEMBER.wireId(), null, 0, 0));

        assertEquals(1, dispatcher.toGoneSessions());
    }

    @Test
    void shouldDeliverDirectMessageToEveryRecipientConnection()
    {
        final byte[] from = "alice".getBytes(StandardCharsets.UTF_8);
        final byte[] to = "bob".getBytes(StandardCharsets.UTF_8);
        final byte[] data = "{\"to\":\"bob\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        event.putLong(LinkEventEncoder.directRecipientOffset(0, 0), json2.id(), ByteOrder.LITTLE_ENDIAN);
        event.putLong(LinkEventEncoder.directRecipientOffset(0, 1), tcp.id(), ByteOrder.LITTLE_ENDIAN);
        final int length = LinkEventEncoder.finishDirectMessage(event, 0, GATEWAY_ID, TS, 2,
            new UnsafeBuffer(from), 0, from.length, new UnsafeBuffer(to), 0, to.length, new UnsafeBuffer(data), 0, data.length);

        dispatch(length);

        final String expected = "{\"type\":\"message\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1700000000000,\"data\":{\"to\":\"bob\",\"text\":\"hi\"}}";
        assertEquals(expected, nextText(json2));
        assertEquals(expected, payloadOf(nextBytes(tcp), MESSAGE, FLAG_JSON));
        embedded(json1).runPendingTasks();
        assertNull(embedded(json1).readOutbound());
    }

    @Test
    void shouldCountUndecodableEvents()
    {
        final int length = roomMessage(json1.id());
        event.putByte(LinkHeader.VERSION_OFFSET, (byte)2);

        dispatch(length);
        dispatcher.onEvent(event, 0, length - 1);

        assertEquals(2, dispatcher.undecodable());
        assertEquals(0, alloc.allocations);
    }

    // ---- presence and typing

    @Test
    void shouldDeliverPresenceJoinAndLeaveInEachRecipientsFormat()
    {
        dispatch(roomPresence(LinkEventEncoder.PRESENCE_ONLINE, "alice", json1.id(), tcp.id()));
        dispatch(roomPresence(LinkEventEncoder.PRESENCE_OFFLINE, "alice", json1.id()));
        dispatch(roomPresence(LinkEventEncoder.PRESENCE_JOIN, "bob", json1.id(), tcp.id()));
        dispatch(roomPresence(LinkEventEncoder.PRESENCE_LEAVE, "bob", json1.id()));

        final String online = "{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"alice\",\"status\":\"online\",\"ts\":1700000000000}";
        final String join = "{\"type\":\"join\",\"room\":\"lobby\",\"user\":\"bob\",\"ts\":1700000000000}";
        assertEquals(online, nextText(json1));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"alice\",\"status\":\"offline\",\"ts\":1700000000000}",
            nextText(json1));
        assertEquals(join, nextText(json1));
        assertEquals("{\"type\":\"leave\",\"room\":\"lobby\",\"user\":\"bob\",\"ts\":1700000000000}", nextText(json1));
        assertEquals(online, payloadOf(nextBytes(tcp), PRESENCE, FLAG_JSON));
        assertEquals(join, payloadOf(nextBytes(tcp), PRESENCE, FLAG_JSON));
        assertEquals(4 + 2, alloc.allocations, "encoded once per format: JSON for four events, a frame for two");
    }

    @Test
    void shouldQueuePresenceBehindControlAndTypingAheadOfStandard()
    {
        dispatch(roomPresence(LinkEventEncoder.PRESENCE_JOIN, "bob", json1.id()));
        dispatch(roomTyping(LinkCommandEncoder.TYPING_START, "bob", json1.id()));
        dispatch(LinkEventEncoder.ack(event, 0, GATEWAY_ID, json1.id(), 3, utf8("\"a\""), 0, 3));

        assertTrue(nextText(json1).startsWith("{\"type\":\"ack\""), "CONTROL first");
        assertTrue(nextText(json1).startsWith("{\"type\":\"typing\""), "then REALTIME");
        assertTrue(nextText(json1).startsWith("{\"type\":\"join\""), "then STANDARD");
    }

    @Test
    void shouldDeliverTypingWithExpiryInEachRecipientsFormat()
    {
        dispatch(roomTyping(LinkCommandEncoder.TYPING_START, "alice", json1.id(), tcp.id()));

        final String start = "{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"alice\",\"state\":\"start\"," +
            "\"expires_in_ms\":" + TypingThrottle.EXPIRES_IN_MS + ",\"ts\":1700000000000}";
        assertEquals(start, nextText(json1));
        assertEquals(start, payloadOf(nextBytes(tcp), TYPING, FLAG_JSON));
    }

    @Test
    void shouldKeepOnlyTheLatestTypingStatePerUserAndRoomWhileQueued()
    {
        dispatch(roomTyping(LinkCommandEncoder.TYPING_START, "alice", json1.id()));
        dispatch(roomTyping(LinkCommandEncoder.TYPING_START, "bob", json1.id()));
        dispatch(roomTyping(LinkCommandEncoder.TYPING_STOP, "alice", json1.id()));

        assertEquals("{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"bob\",\"state\":\"start\",\"expires_in_ms\":5000," +
            "\"ts\":1700000000000}", nextText(json1));
        assertEquals("{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"alice\",\"state\":\"stop\",\"ts\":1700000000000}",
            nextText(json1), "alice's stop replaced her queued start");
        embedded(json1).runPendingTasks();
        assertNull(embedded(json1).readOutbound());
    }

    @Test
    void shouldSendPresenceReplyToTheQueryingSessionInItsFormat()
    {
        dispatch(presenceReply(json1.id(), "\"7\"", "alice", 2, "bob", 0));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"id\":\"7\",\"members\":[" +
            "{\"user\":\"alice\",\"connections\":2},{\"user\":\"bob\",\"connections\":0}]}", nextText(json1));

        dispatch(presenceReply(tcp.id(), ""));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"members\":[]}", payloadOf(nextBytes(tcp), PRESENCE, FLAG_JSON));

        final int cut = presenceReply(json1.id(), "", "alice", 2); // the engine left 12,345 members out
        LinkEventEncoder.finishPresenceReply(event, 0, GATEWAY_ID, json1.id(), 1, 12_345, cut);
        dispatch(cut);
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"members\":[{\"user\":\"alice\",\"connections\":2}]," +
            "\"omitted\":12345}", nextText(json1));

        dispatch(presenceReply(424242L, "1", "alice", 1));
        assertEquals(1, dispatcher.toGoneSessions());
        embedded(json2).runPendingTasks();
        assertNull(embedded(json2).readOutbound());
    }

    private int roomPresence(final int kind, final String user, final long... recipients)
    {
        return notice(true, kind, user, recipients);
    }

    private int roomTyping(final int state, final String user, final long... recipients)
    {
        return notice(false, state, user, recipients);
    }

    private int notice(final boolean presence, final int kind, final String user, final long... recipients)
    {
        for (int i = 0; i < recipients.length; i++)
        {
            event.putLong(LinkEventEncoder.noticeRecipientOffset(0, i), recipients[i], ByteOrder.LITTLE_ENDIAN);
        }
        final byte[] room = "lobby".getBytes(StandardCharsets.UTF_8);
        final byte[] name = user.getBytes(StandardCharsets.UTF_8);
        return presence
            ? LinkEventEncoder.finishRoomPresence(event, 0, GATEWAY_ID, TS, recipients.length, kind,
                new UnsafeBuffer(room), 0, room.length, new UnsafeBuffer(name), 0, name.length)
            : LinkEventEncoder.finishRoomTyping(event, 0, GATEWAY_ID, TS, recipients.length, kind,
                new UnsafeBuffer(room), 0, room.length, new UnsafeBuffer(name), 0, name.length);
    }

    /** Members as alternating user and connection count. */
    private int presenceReply(final long sessionId, final String corrId, final Object... members)
    {
        final UnsafeBuffer id = utf8(corrId);
        int position = LinkEventEncoder.startPresenceReply(event, 0, id, 0, id.capacity(), utf8("lobby"), 0, 5);
        for (int i = 0; i < members.length; i += 2)
        {
            final UnsafeBuffer user = utf8((String)members[i]);
            position = LinkEventEncoder.putPresenceMember(event, position, (Integer)members[i + 1], user, 0, user.capacity());
        }
        return LinkEventEncoder.finishPresenceReply(event, 0, GATEWAY_ID, sessionId, members.length / 2, 0, position);
    }

    private GatewaySession open(final WireFormat format)
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        final GatewaySession session = registry.register(channel, format);
        session.open();
        return session;
    }

    /** Writes a ROOM_MESSAGE (seq 17, room lobby, from alice, data {"text":"hi"}) into {@link #event}. */
    private int roomMessage(final long... recipients)
    {
        for (int i = 0; i < recipients.length; i++)
        {
            event.putLong(LinkEventEncoder.roomRecipientOffset(0, i), recipients[i], ByteOrder.LITTLE_ENDIAN);
        }
        final byte[] room = "lobby".getBytes(StandardCharsets.UTF_8);
        final byte[] from = "alice".getBytes(StandardCharsets.UTF_8);
        final byte[] data = "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        return LinkEventEncoder.finishRoomMessage(event, 0, GATEWAY_ID, 17, TS, recipients.length,
            new UnsafeBuffer(room), 0, room.length, new UnsafeBuffer(from), 0, from.length,
            new UnsafeBuffer(data), 0, data.length);
    }

    private void dispatch(final int length)
    {
        dispatcher.onEvent(event, 0, length);
    }

    private static UnsafeBuffer utf8(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String nextText(final GatewaySession session)
    {
        embedded(session).runPendingTasks();
        final Object out = embedded(session).readOutbound();
        assertNotNull(out, "expected a message for " + session);
        return TestFrames.wsTextAndRelease(out);
    }

    private static byte[] nextBytes(final GatewaySession session)
    {
        embedded(session).runPendingTasks();
        final Object out = embedded(session).readOutbound();
        assertNotNull(out, "expected a message for " + session);
        assertTrue(out instanceof ByteBuf, () -> {
            ReferenceCountUtil.release(out);
            return "a TCP session gets raw frames";
        });
        return TestFrames.bytesAndRelease((ByteBuf)out);
    }

    private static EmbeddedChannel embedded(final GatewaySession session)
    {
        return (EmbeddedChannel)session.channel();
    }

    /** Counts the buffers the dispatcher allocates; they come, leak-tracked, from the pooled allocator. */
    private static final class CountingAllocator extends AbstractByteBufAllocator
    {
        private final ByteBufAllocator delegate = PooledByteBufAllocator.DEFAULT;
        int allocations;
        ByteBuf last;

        CountingAllocator()
        {
            super(true);
        }

        @Override
        protected ByteBuf newDirectBuffer(final int initialCapacity, final int maxCapacity)
        {
            allocations++;
            return last = delegate.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newHeapBuffer(final int initialCapacity, final int maxCapacity)
        {
            allocations++;
            return last = delegate.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled()
        {
            return delegate.isDirectBufferPooled();
        }
    }
}
