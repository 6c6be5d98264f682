package io.ringway.gateway.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.json.ServerMessageWriter;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.gateway.protocol.ServerMessages;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.Priority;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.atomic.AtomicLong;

import static io.ringway.gateway.protocol.ServerMessages.PAYLOAD_OFFSET;

/**
 * Where messages leave the engine for clients: turns each engine event into client bytes and
 * queues them on the recipients' sessions. A room message is encoded once per wire format (JSON
 * text, binary frame), and every recipient gets a reference-counted view of the same bytes, not
 * a copy. Runs on the gateway's outbound thread, one event at a time, in engine order.
 */
public final class OutboundDispatcher implements EngineEventListener
{
    private final SessionRegistry registry;
    private final ByteBufAllocator alloc;
    private final LinkEventDecoder event = new LinkEventDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong toGoneSessions = new AtomicLong();

    public OutboundDispatcher(final SessionRegistry registry, final ByteBufAllocator alloc)
    {
        this.registry = registry;
        this.alloc = alloc;
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
                    event.seq(), event.timestampMs(),
                    buffer, event.dataOffset(), event.dataLength());
                fanOut(roomPayload);
                break;
            case LinkType.DIRECT_MESSAGE:
                final int directPayload = ServerMessageWriter.directMessage(scratch, PAYLOAD_OFFSET,
                    buffer, event.fromOffset(), event.fromLength(),
                    buffer, event.toOffset(), event.toLength(),
                    event.timestampMs(),
                    buffer, event.dataOffset(), event.dataLength());
                fanOut(directPayload);
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
        session.send(Priority.CONTROL, ServerMessages.toBuf(alloc, session.format(), scratch, FrameType.ACK, payload));
    }

    private void onError(final DirectBuffer buffer)
    {
        final GatewaySession session = registry.get(event.sessionId());
        if (session == null)
        {
            toGoneSessions.incrementAndGet();
            return;
        }
        session.send(Priority.CONTROL, ServerMessages.error(alloc, session.format(),
            buffer, event.corrIdOffset(), event.corrIdLength(), ErrorCode.fromWireId(event.errorWireId()), null));
    }

    /** One encoding per wire format at most, shared by every recipient. */
    private void fanOut(final int payloadLength)
    {
        ByteBuf json = null;
        ByteBuf framed = null;
        try
        {
            for (int i = 0, count = event.recipientCount(); i < count; i++)
            {
                final GatewaySession session = registry.get(event.recipient(i));
                if (session == null)
                {
                    toGoneSessions.incrementAndGet();
                    continue;
                }
                final ByteBuf shared;
                if (session.format().isBinaryFramed())
                {
                    if (framed == null)
                    {
                        framed = ServerMessages.toBuf(alloc, WireFormat.TCP_BINARY, scratch, FrameType.MESSAGE, payloadLength);
                    }
                    shared = framed;
                }
                else
                {
                    if (json == null)
                    {
                        json = ServerMessages.toBuf(alloc, WireFormat.WEBSOCKET_JSON, scratch, FrameType.MESSAGE, payloadLength);
                    }
                    shared = json;
                }
                session.send(Priority.STANDARD, shared.retainedDuplicate());
            }
        }
        finally
        {
            if (json != null)
            {
                json.release();
            }
            if (framed != null)
            {
                framed.release();
            }
        }
    }
}
