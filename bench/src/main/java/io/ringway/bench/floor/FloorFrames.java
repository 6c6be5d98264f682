package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringway.bench.load.LoadMessages;

/**
 * What the floor server sends, each as one whole WebSocket text frame (RFC 6455 header, then the
 * JSON) in one direct buffer, shaped like Ringway's replies (PROTOCOL.md).
 * <p>
 * Why whole frames: a server never masks, so a frame is the same bytes for every recipient. A room
 * message is encoded once and each member gets a {@code retainedDuplicate} of it (Ringway shares it too);
 * Netty's frame encoder would write a header (and copy small payloads) per recipient. A
 * {@code ByteBuf} written to the channel passes that encoder untouched (it only encodes
 * {@code WebSocketFrame}s), and the HTTP codec leaves the pipeline with the handshake.
 */
final class FloorFrames
{
    /** FIN set, no RSV bits (no compression), opcode 1 (text). */
    private static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private static final byte[] ACK = LoadMessages.ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = LoadMessages.ascii("{\"type\":\"error\"");
    private static final byte[] ID = LoadMessages.ascii(",\"id\":");
    private static final byte[] SEQ = LoadMessages.ascii(",\"seq\":");
    private static final byte[] MSG_ID = LoadMessages.ascii(",\"msg_id\":");
    private static final byte[] TS = LoadMessages.ascii(",\"ts\":");
    private static final byte[] DATA = LoadMessages.ascii(",\"data\":");
    private static final byte CLOSE_BRACE = '}';

    private FloorFrames()
    {
    }

    /**
     * {@code {"type":"message","room":R,"from":U,"seq":K,"msg_id":K,"ts":MS,"data":D}}: "type"
     * first, since receivers classify by prefix; {@code data} is the publisher's bytes, verbatim.
     *
     * @param roomPrefix {@code {"type":"message","room":"R","from":"} ({@link FloorRoom#messagePrefix})
     * @param userAndSeq {@code U","seq":} ({@link FloorSession})
     */
    static ByteBuf message(
        final ByteBufAllocator alloc, final byte[] roomPrefix, final byte[] userAndSeq, final long seq, final long tsMs,
        final ByteBuf source, final int dataFrom, final int dataTo)
    {
        final int seqDigits = LoadMessages.digitCount(seq);
        final int dataLength = dataTo - dataFrom;
        final int length = roomPrefix.length + userAndSeq.length + seqDigits + MSG_ID.length + seqDigits +
            TS.length + LoadMessages.digitCount(tsMs) + DATA.length + dataLength + 1;
        final ByteBuf frame = header(alloc, length).writeBytes(roomPrefix).writeBytes(userAndSeq);
        LoadMessages.writeDecimal(frame, seq);
        frame.writeBytes(MSG_ID);
        LoadMessages.writeDecimal(frame, seq);
        frame.writeBytes(TS);
        LoadMessages.writeDecimal(frame, tsMs);
        return frame.writeBytes(DATA).writeBytes(source, dataFrom, dataLength).writeByte(CLOSE_BRACE);
    }

    /**
     * {@code {"type":"ack","id":ID,"seq":K}}; {@code id} left out when {@code idFrom} is
     * {@link CommandFields#ABSENT}, {@code seq} when it is negative (a join's ack).
     */
    static ByteBuf ack(final ByteBufAllocator alloc, final ByteBuf source, final int idFrom, final int idTo, final long seq)
    {
        final int idLength = idFrom == CommandFields.ABSENT ? 0 : ID.length + idTo - idFrom;
        final int seqLength = seq < 0 ? 0 : SEQ.length + LoadMessages.digitCount(seq);
        final ByteBuf frame = header(alloc, ACK.length + idLength + seqLength + 1).writeBytes(ACK);
        writeId(frame, source, idFrom, idTo);
        if (seq >= 0)
        {
            frame.writeBytes(SEQ);
            LoadMessages.writeDecimal(frame, seq);
        }
        return frame.writeByte(CLOSE_BRACE);
    }

    /** {@code {"type":"error","id":ID,"error":{"code":C,"message":M}}}; {@code id} left out when absent. */
    static ByteBuf error(final ByteBufAllocator alloc, final ByteBuf source, final int idFrom, final int idTo, final FloorError error)
    {
        final int idLength = idFrom == CommandFields.ABSENT ? 0 : ID.length + idTo - idFrom;
        final byte[] body = error.body();
        final ByteBuf frame = header(alloc, ERROR.length + idLength + body.length).writeBytes(ERROR);
        writeId(frame, source, idFrom, idTo);
        return frame.writeBytes(body);
    }

    /** An error that echoes no id (the command had none, or there was no command). */
    static ByteBuf error(final ByteBufAllocator alloc, final FloorError error)
    {
        return error(alloc, null, CommandFields.ABSENT, CommandFields.ABSENT, error);
    }

    private static void writeId(final ByteBuf frame, final ByteBuf source, final int idFrom, final int idTo)
    {
        if (idFrom != CommandFields.ABSENT)
        {
            frame.writeBytes(ID).writeBytes(source, idFrom, idTo - idFrom);
        }
    }

    /** A direct buffer of exactly the frame's size, holding its header. */
    private static ByteBuf header(final ByteBufAllocator alloc, final int payloadLength)
    {
        final int headerLength = payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        final ByteBuf frame = alloc.directBuffer(headerLength + payloadLength);
        frame.writeByte(FIN_TEXT);
        if (payloadLength < LENGTH_16)
        {
            frame.writeByte(payloadLength);
        }
        else if (payloadLength <= 0xFFFF)
        {
            frame.writeByte(LENGTH_16).writeShort(payloadLength);
        }
        else
        {
            frame.writeByte(LENGTH_64).writeLong(payloadLength);
        }
        return frame;
    }
}
