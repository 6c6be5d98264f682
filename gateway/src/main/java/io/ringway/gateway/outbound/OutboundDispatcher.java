package io.ringway.gateway.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.json.ServerMessageWriter;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.gateway.protocol.ServerMessages;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.LoopDeliveries;
import io.ringway.gateway.session.NameHash;
import io.ringway.gateway.session.Priority;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.TypingThrottle;
import io.ringway.gateway.session.WireFormat;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static io.ringway.gateway.protocol.ServerMessages.PAYLOAD_OFFSET;

/**
 * Where messages leave the engine for clients: turns each engine event into client bytes and
 * queues them on the recipients' sessions. A room message is encoded once per wire format (JSON
 * text, binary frame), and every recipient gets a reference-counted view of the same bytes, not
 * a copy. One instance runs on one thread, one event at a time, in engine order: the gateway's
 * outbound thread, or with {@code --outbound-delivery DIRECT} the engine's business-logic thread,
 * so nothing here may block. The engine's history reader gets its own instance
 * ({@link #forAnotherThread}) for the pages it serves from the journal.
 *
 * <p>Lanes: acks, errors and join acks (JOIN_ACK, ROOM_ACK) go to CONTROL; room and direct
 * messages, edits and deletes, presence, join and leave events, member_added / member_removed,
 * presence replies and history pages to STANDARD (ordered, never dropped); a join's backlog to
 * STANDARD without counting against its bound (BACKLOG); typing to REALTIME, keyed by (room,
 * user), so a newer typing state of that user in that room replaces one still queued.
 */
public final class OutboundDispatcher implements EngineEventListener
{
    static final String ENGINE_UNKNOWN_SESSION = "the engine has no session for this connection: reconnect";

    private final SessionRegistry registry;
    private final ByteBufAllocator alloc;
    private final LinkEventDecoder event = new LinkEventDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    /** fanOut's per-format encodings of the event being dispatched; empty between events. */
    private final ByteBuf[] sharedByFormat = new ByteBuf[WireFormat.values().length];
    /** fanOut's recipients' references, found on its first pass over the recipients. */
    private GatewaySession[] recipients = new GatewaySession[64];
    /** Everything one event sends, handed to each recipient's event loop as one task when the event is done. */
    private final LoopDeliveries deliveries = new LoopDeliveries();
    private final AtomicLong undecodable;
    private final AtomicLong toGoneSessions;

    public OutboundDispatcher(final SessionRegistry registry, final ByteBufAllocator alloc)
    {
        this(registry, alloc, new AtomicLong(), new AtomicLong());
    }

    private OutboundDispatcher(
        final SessionRegistry registry, final ByteBufAllocator alloc, final AtomicLong undecodable, final AtomicLong toGoneSessions)
    {
        this.registry = registry;
        this.alloc = alloc;
        this.undecodable = undecodable;
        this.toGoneSessions = toGoneSessions;
    }

    /**
     * A second dispatcher for the engine's history reader thread: its own decoder and scratch (this
     * one's are used by the thread that calls {@link #onEvent}), the same sessions and counters.
     */
    @Override
    public EngineEventListener forAnotherThread()
    {
        return new OutboundDispatcher(registry, alloc, undecodable, toGoneSessions);
    }

    /** Events that did not decode (a version mismatch between engine and gateway). */
    public long undecodable()
    {
        return undecodable.get();
    }

    /** Deliveries skipped because the session had already closed. */
    public long toGoneSessions()
    {
        return toGoneSessions.get();
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!event.wrap(buffer, offset, length))
        {
            undecodable.incrementAndGet();
            return;
        }
        try
        {
            dispatch(buffer);
        }
        finally
        {
            deliveries.handOut(); // one task, and one wake-up, per recipient event loop
        }
    }

    /** The decoded event ({@link #event}) to its recipients' sessions, through {@link #deliveries}. */
    private void dispatch(final DirectBuffer buffer)
    {
        switch (event.type())
        {
            case LinkType.ACK:
                onAck(buffer);
                break;
            case LinkType.ERROR:
                onError(buffer);
                break;
            case LinkType.ROOM_MESSAGE:
                final int roomPayload = ServerMessageWriter.roomMessage(scratch, PAYLOAD_OFFSET,
                    buffer, event.roomOffset(), event.roomLength(),
                    buffer, event.fromOffset(), event.fromLength(),
                    event.seq(), event.msgId(), event.timestampMs(),
                    buffer, event.dataOffset(), event.dataLength());
                fanOut(roomPayload, FrameType.MESSAGE, false, 0L);
                break;
            case LinkType.ROOM_EDIT:
            case LinkType.ROOM_DELETE:
            case LinkType.ROOM_BACKLOG:
                final int type = event.type();
                final int entryPayload = ServerMessageWriter.roomEntry(scratch, PAYLOAD_OFFSET,
                    type == LinkType.ROOM_EDIT ? "edit" : type == LinkType.ROOM_DELETE ? "delete" : "message",
                    buffer, event.roomOffset(), event.roomLength(),
                    buffer, event.fromOffset(), event.fromLength(),
                    event.seq(), event.msgId(), event.timestampMs(), event.changedTimestampMs(), event.state(),
                    buffer, event.dataOffset(), event.dataLength());
                fanOut(entryPayload,
                    type == LinkType.ROOM_EDIT ? FrameType.EDIT : type == LinkType.ROOM_DELETE ? FrameType.DELETE : FrameType.MESSAGE,
                    false, 0L, type == LinkType.ROOM_BACKLOG ? Priority.BACKLOG : Priority.STANDARD);
                break;
            case LinkType.JOIN_ACK:
                onJoinAck(buffer);
                break;
            case LinkType.HISTORY_REPLY:
                onHistoryReply(buffer);
                break;
            case LinkType.DIRECT_MESSAGE:
                final int directPayload = ServerMessageWriter.directMessage(scratch, PAYLOAD_OFFSET,
                    buffer, event.fromOffset(), event.fromLength(),
                    buffer, event.toOffset(), event.toLength(),
                    event.timestampMs(),
                    buffer, event.dataOffset(), event.dataLength());
                fanOut(directPayload, FrameType.MESSAGE, false, 0L);
                break;
            case LinkType.ROOM_PRESENCE:
                final int presencePayload = ServerMessageWriter.roomPresence(scratch, PAYLOAD_OFFSET,
                    buffer, event.roomOffset(), event.roomLength(),
                    buffer, event.userOffset(), event.userLength(),
                    event.kind(), event.timestampMs());
                fanOut(presencePayload, FrameType.PRESENCE, false, 0L);
                break;
            case LinkType.ROOM_TYPING:
                final int typingPayload = ServerMessageWriter.typing(scratch, PAYLOAD_OFFSET,
                    buffer, event.roomOffset(), event.roomLength(),
                    buffer, event.userOffset(), event.userLength(),
                    event.kind() == LinkCommandEncoder.TYPING_START, TypingThrottle.EXPIRES_IN_MS, event.timestampMs());
                fanOut(typingPayload, FrameType.TYPING, true, NameHash.typingKey(
                    buffer, event.roomOffset(), event.roomLength(), buffer, event.userOffset(), event.userLength()));
                break;
            case LinkType.PRESENCE_REPLY:
                onPresenceReply(buffer);
                break;
            case LinkType.MEMBER_ADDED:
            case LinkType.MEMBER_REMOVED:
                final boolean added = event.type() == LinkType.MEMBER_ADDED;
                final int memberPayload = ServerMessageWriter.memberChange(scratch, PAYLOAD_OFFSET, added,
                    buffer, event.roomOffset(), event.roomLength(),
                    buffer, event.userOffset(), event.userLength(),
                    event.role(),
                    buffer, event.byOffset(), event.byLength(),
                    event.timestampMs());
                fanOut(memberPayload, added ? FrameType.ADD_MEMBER : FrameType.REMOVE_MEMBER, false, 0L);
                break;
            case LinkType.ROOM_ACK:
                onRoomAck(buffer);
                break;
            default:
                undecodable.incrementAndGet();
                break;
        }
    }

    private void onAck(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        final int payload = ServerMessageWriter.ack(
            scratch, PAYLOAD_OFFSET, buffer, event.corrIdOffset(), event.corrIdLength(), event.seq());
        deliveries.send(session, Priority.CONTROL, ServerMessages.toBuf(alloc, session.format(), scratch, FrameType.ACK, payload));
    }

    /** An ack naming a room (a private room's id), in an ACK frame for binary sessions. */
    private void onRoomAck(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        final int payload = ServerMessageWriter.roomAck(scratch, PAYLOAD_OFFSET,
            buffer, event.corrIdOffset(), event.corrIdLength(), buffer, event.roomOffset(), event.roomLength());
        deliveries.send(session, Priority.CONTROL, ServerMessages.toBuf(alloc, session.format(), scratch, FrameType.ACK, payload));
    }

    private void onError(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        final ErrorCode code = ErrorCode.fromWireId(event.errorWireId());
        if (code == ErrorCode.UNAUTHENTICATED)
        {
            // The gateway answers its own unauthenticated connections, so this one is open here and unknown to the
            // engine: its session open never took effect (the journal could not take it, or the engine refused it).
            // Only a new connection, authenticated afresh, can mend that. A rare path: the copy and the task are no
            // per-message cost.
            final byte[] corrId = new byte[event.corrIdLength()];
            buffer.getBytes(event.corrIdOffset(), corrId);
            try
            {
                session.channel().eventLoop().execute(() -> session.close(code, ENGINE_UNKNOWN_SESSION,
                    new UnsafeBuffer(corrId), 0, corrId.length));
            }
            catch (final RejectedExecutionException shuttingDown)
            {
                // the gateway is closing every connection anyway
            }
            return;
        }
        deliveries.send(session, Priority.CONTROL, ServerMessages.error(alloc, session.format(),
            buffer, event.corrIdOffset(), event.corrIdLength(), code, null));
    }

    /** The ack of a resuming join: epoch, latest seq, oldest kept, backlog size and whether it recovered. */
    private void onJoinAck(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        final int payload = ServerMessageWriter.joinAck(scratch, PAYLOAD_OFFSET,
            buffer, event.corrIdOffset(), event.corrIdLength(),
            event.epoch(), event.latestSeq(), event.oldestSeq(), event.backlogCount(), event.status());
        deliveries.send(session, Priority.CONTROL, ServerMessages.toBuf(alloc, session.format(), scratch, FrameType.ACK, payload));
    }

    /** A history page to the querying session, in the STANDARD lane like a presence reply. */
    private void onHistoryReply(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        int p = ServerMessageWriter.historyStart(scratch, PAYLOAD_OFFSET,
            buffer, event.roomOffset(), event.roomLength(), buffer, event.corrIdOffset(), event.corrIdLength());
        int entry = event.membersOffset();
        for (int i = 0, count = event.entryCount(); i < count; i++)
        {
            p = ServerMessageWriter.historyEntry(scratch, p, i == 0,
                LinkEventDecoder.historyEntrySeq(buffer, entry), LinkEventDecoder.historyEntryMsgId(buffer, entry),
                LinkEventDecoder.historyEntryTimestamp(buffer, entry), LinkEventDecoder.historyEntryChangedTimestamp(buffer, entry),
                LinkEventDecoder.historyEntryState(buffer, entry),
                buffer, LinkEventDecoder.historyEntryFromOffset(entry), LinkEventDecoder.historyEntryFromLength(buffer, entry),
                buffer, LinkEventDecoder.historyEntryDataOffset(buffer, entry), LinkEventDecoder.historyEntryDataLength(buffer, entry));
            entry = LinkEventDecoder.nextHistoryEntry(buffer, entry);
        }
        final int payload = ServerMessageWriter.historyEnd(scratch, PAYLOAD_OFFSET, p,
            (event.flags() & LinkEventEncoder.HISTORY_MORE) != 0, (event.flags() & LinkEventEncoder.HISTORY_TRUNCATED) != 0,
            event.oldestSeq(), event.latestSeq());
        deliveries.send(session, Priority.STANDARD, ServerMessages.toBuf(alloc, session.format(), scratch, FrameType.HISTORY, payload));
    }

    /** The members, in the engine's order, to the querying session, behind the room's earlier presence events. */
    private void onPresenceReply(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        int p = ServerMessageWriter.presenceReplyStart(scratch, PAYLOAD_OFFSET,
            buffer, event.roomOffset(), event.roomLength(), buffer, event.corrIdOffset(), event.corrIdLength());
        int member = event.membersOffset();
        for (int i = 0, count = event.memberCount(); i < count; i++)
        {
            p = ServerMessageWriter.presenceMember(scratch, p, i == 0,
                buffer, LinkEventDecoder.memberUserOffset(member), LinkEventDecoder.memberUserLength(buffer, member),
                LinkEventDecoder.memberConnections(buffer, member));
            member = LinkEventDecoder.nextMember(buffer, member);
        }
        final int payload = ServerMessageWriter.presenceReplyEnd(scratch, PAYLOAD_OFFSET, p, event.omittedMembers());
        deliveries.send(session, Priority.STANDARD, ServerMessages.toBuf(alloc, session.format(), scratch, FrameType.PRESENCE, payload));
    }

    /**
     * One encoding per wire format at most, shared by every recipient: on STANDARD, or on REALTIME
     * under {@code realtimeKey}.
     */
    private void fanOut(final int payloadLength, final int frameType, final boolean realtime, final long realtimeKey)
    {
        fanOut(payloadLength, frameType, realtime, realtimeKey, Priority.STANDARD);
    }

    private void fanOut(
        final int payloadLength, final int frameType, final boolean realtime, final long realtimeKey, final Priority lane)
    {
        final int count = findRecipients();
        if (count == 1) // rtt, direct messages: straight into its lanes, no hop through a task
        {
            final GatewaySession only = recipients[0];
            recipients[0] = null;
            final ByteBuf message = ServerMessages.toBuf(alloc, only.format(), scratch, frameType, payloadLength);
            if (realtime)
            {
                deliveries.sendRealtime(only, realtimeKey, message);
            }
            else
            {
                deliveries.send(only, lane, message);
            }
            return;
        }
        // One buffer per wire format, made on its first recipient; each recipient event loop's task
        // takes one reference for all its sessions (LoopDelivery), and ours is given back at the end.
        final ByteBuf[] shared = sharedByFormat;
        int handed = 0;
        try
        {
            for (; handed < count; handed++)
            {
                final GatewaySession session = recipients[handed];
                recipients[handed] = null;
                final int format = session.format().ordinal();
                ByteBuf message = shared[format];
                if (message == null)
                {
                    message = ServerMessages.toBuf(alloc, session.format(), scratch, frameType, payloadLength);
                    shared[format] = message;
                }
                if (realtime)
                {
                    deliveries.shareRealtimeOnLoop(session, realtimeKey, message);
                }
                else
                {
                    deliveries.shareOnLoop(session, lane, message); // each event loop writes its own view of it
                }
            }
        }
        finally
        {
            for (int format = 0; format < shared.length; format++)
            {
                if (shared[format] != null)
                {
                    shared[format].release();
                    shared[format] = null;
                }
            }
            Arrays.fill(recipients, handed, count, null);
        }
    }

    /** The event's recipients still connected, into {@link #recipients}; returns how many. */
    private int findRecipients()
    {
        int found = 0;
        for (int i = 0, count = event.recipientCount(); i < count; i++)
        {
            final GatewaySession session = registry.get(event.recipient(i));
            if (session == null)
            {
                toGoneSessions.incrementAndGet();
                continue;
            }
            if (found == recipients.length)
            {
                recipients = Arrays.copyOf(recipients, found * 2);
            }
            recipients[found++] = session;
        }
        return found;
    }
}
