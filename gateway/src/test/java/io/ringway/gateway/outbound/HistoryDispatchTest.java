package io.ringway.gateway.outbound;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.NettyLeakDetectionExtension;
import io.ringway.gateway.TestFrames;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The history events as clients see them: edit, delete, backlog messages, the resume ack and history pages. */
@ExtendWith(NettyLeakDetectionExtension.class)
class HistoryDispatchTest
{
    private static final long TS = 1_700_000_000_000L;
    private static final UnsafeBuffer LOBBY = utf8("lobby");
    private static final UnsafeBuffer ALICE = utf8("alice");
    private static final UnsafeBuffer HI = utf8("{\"text\":\"hi\"}");

    private final SessionRegistry registry = new SessionRegistry(8, 16, 16, 16);
    private final OutboundDispatcher dispatcher = new OutboundDispatcher(registry, UnpooledByteBufAllocator.DEFAULT);
    private final ExpandableArrayBuffer event = new ExpandableArrayBuffer(512);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final GatewaySession session = open();

    @AfterEach
    void tearDown()
    {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private GatewaySession open()
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        final GatewaySession opened = registry.register(channel, WireFormat.WEBSOCKET_JSON);
        opened.open();
        return opened;
    }

    private static UnsafeBuffer utf8(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private String next()
    {
        final EmbeddedChannel channel = (EmbeddedChannel)session.channel();
        channel.runPendingTasks();
        final Object out = channel.readOutbound();
        assertNotNull(out, "expected a message");
        return TestFrames.wsTextAndRelease(out);
    }

    private void entry(final int type, final long changedTs, final int state, final UnsafeBuffer data)
    {
        event.putLong(LinkEventEncoder.entryRecipientOffset(0, 0), session.id(), LITTLE_ENDIAN);
        final int length = LinkEventEncoder.finishRoomEntry(event, 0, type, 1, 17, 5, TS, changedTs, state, 1,
            LOBBY, 0, 5, ALICE, 0, 5, data, 0, data.capacity());
        dispatcher.onEvent(event, 0, length);
    }

    @Test
    void shouldWriteEditDeleteAndBacklogEntriesAsTheirJsonEvents()
    {
        entry(LinkType.ROOM_EDIT, TS + 5, LinkEventEncoder.ENTRY_EDITED, HI);
        assertEquals("{\"type\":\"edit\",\"room\":\"lobby\",\"from\":\"alice\",\"seq\":17,\"msg_id\":5,\"ts\":1700000000000," +
            "\"edited_ts\":1700000000005,\"data\":{\"text\":\"hi\"}}", next());
        entry(LinkType.ROOM_DELETE, TS + 6, LinkEventEncoder.ENTRY_DELETED, utf8(""));
        assertEquals("{\"type\":\"delete\",\"room\":\"lobby\",\"from\":\"alice\",\"seq\":17,\"msg_id\":5,\"ts\":1700000000000," +
            "\"deleted_ts\":1700000000006,\"deleted\":true}", next());
        entry(LinkType.ROOM_BACKLOG, -1, LinkEventEncoder.ENTRY_ORIGINAL, HI);
        assertEquals("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"alice\",\"seq\":17,\"msg_id\":5,\"ts\":1700000000000," +
            "\"data\":{\"text\":\"hi\"}}", next());
        assertEquals(0, dispatcher.undecodable());
    }

    @Test
    void shouldWriteTheResumeOutcomeInTheJoinAck()
    {
        dispatcher.onEvent(event, 0, LinkEventEncoder.joinAck(event, 0, 1, session.id(), 42, 17, 3, 2,
            LinkEventEncoder.RESUME_RECOVERED, utf8("\"j\""), 0, 3));
        assertEquals("{\"type\":\"ack\",\"id\":\"j\",\"epoch\":42,\"seq\":17,\"oldest\":3,\"backlog\":2,\"recovered\":true}", next());
        dispatcher.onEvent(event, 0, LinkEventEncoder.joinAck(event, 0, 1, session.id(), 42, 17, 3, 0,
            LinkEventEncoder.RESUME_TOO_OLD, utf8("\"k\""), 0, 3));
        assertEquals("{\"type\":\"ack\",\"id\":\"k\",\"epoch\":42,\"seq\":17,\"oldest\":3,\"backlog\":0,\"recovered\":false," +
            "\"reason\":\"too_old\"}", next());
        dispatcher.onEvent(event, 0, LinkEventEncoder.joinAck(event, 0, 1, session.id(), 42, 17, 3, 0,
            LinkEventEncoder.RESUME_NONE, utf8(""), 0, 0));
        assertEquals("{\"type\":\"ack\",\"epoch\":42,\"seq\":17,\"oldest\":3,\"backlog\":0}", next());
    }

    @Test
    void shouldWriteAHistoryPageWithEveryEntryInItsState()
    {
        int position = LinkEventEncoder.startHistoryReply(event, 0, utf8("\"h\""), 0, 3, LOBBY, 0, 5);
        position = LinkEventEncoder.putHistoryEntry(event, position, 2, 9, TS, TS + 1, LinkEventEncoder.ENTRY_DELETED,
            ALICE, 0, 5, utf8(""), 0, 0);
        position = LinkEventEncoder.putHistoryEntry(event, position, 1, 8, TS, -1, LinkEventEncoder.ENTRY_ORIGINAL,
            ALICE, 0, 5, HI, 0, HI.capacity());
        dispatcher.onEvent(event, 0, LinkEventEncoder.finishHistoryReply(event, 0, 1, session.id(), 2,
            LinkEventEncoder.HISTORY_MORE, 1, 2, position));
        assertEquals("{\"type\":\"history\",\"room\":\"lobby\",\"id\":\"h\",\"messages\":[" +
            "{\"seq\":2,\"from\":\"alice\",\"msg_id\":9,\"ts\":1700000000000,\"deleted_ts\":1700000000001,\"deleted\":true}," +
            "{\"seq\":1,\"from\":\"alice\",\"msg_id\":8,\"ts\":1700000000000,\"data\":{\"text\":\"hi\"}}]," +
            "\"more\":true,\"truncated\":false,\"oldest\":1,\"seq\":2}", next());
    }
}
