package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes link events (engine → gateway). Bodies after the {@link LinkHeader}:
 *
 * <pre>
 *  ACK            16: seq i64 (-1 = none) | 24: corrId u8 len + bytes
 *  ERROR          16: error wire id u16   | 18: corrId u8 len + bytes
 *  ROOM_MESSAGE   16: seq i64 | 24: ts ms i64 | 32: recipient count i32 | 36: reserved i32 (0)
 *                 40: recipient session ids i64[count] | room u16+bytes | from u16+bytes | data i32+bytes
 *  DIRECT_MESSAGE 16: ts ms i64 | 24: recipient count i32 | 28: reserved i32 (0)
 *                 32: recipient session ids i64[count] | from u16+bytes | to u16+bytes | data i32+bytes
 * </pre>
 *
 * Multi-recipient events are written in two steps so the engine can stream recipients in without
 * a temporary list: put each id at {@link #roomRecipientOffset}/{@link #directRecipientOffset},
 * then call {@link #finishRoomMessage}/{@link #finishDirectMessage}.
 */
public final class LinkEventEncoder
{
    public static final int ACK_SEQ_OFFSET = LinkHeader.LENGTH;
    public static final int ACK_CORR_ID_OFFSET = ACK_SEQ_OFFSET + 8;
    public static final int ERROR_CODE_OFFSET = LinkHeader.LENGTH;
    public static final int ERROR_CORR_ID_OFFSET = ERROR_CODE_OFFSET + 2;

    public static final int ROOM_SEQ_OFFSET = LinkHeader.LENGTH;
    public static final int ROOM_TS_OFFSET = ROOM_SEQ_OFFSET + 8;
    public static final int ROOM_COUNT_OFFSET = ROOM_TS_OFFSET + 8;
    public static final int ROOM_RECIPIENTS_OFFSET = ROOM_COUNT_OFFSET + 8;

    public static final int DIRECT_TS_OFFSET = LinkHeader.LENGTH;
    public static final int DIRECT_COUNT_OFFSET = DIRECT_TS_OFFSET + 8;
    public static final int DIRECT_RECIPIENTS_OFFSET = DIRECT_COUNT_OFFSET + 8;

    public static final long NO_SEQ = -1L;

    private LinkEventEncoder()
    {
    }

    public static int ackLength(final int corrIdLength)
    {
        return ACK_CORR_ID_OFFSET + 1 + corrIdLength;
    }

    public static int ack(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId, final long seq,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        buffer.putLong(offset + ACK_SEQ_OFFSET, seq, LITTLE_ENDIAN);
        final int end = putCorrId(buffer, offset + ACK_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        LinkHeader.write(buffer, offset, end - offset, LinkType.ACK, gatewayId, sessionId);
        return end - offset;
    }

    public static int errorLength(final int corrIdLength)
    {
        return ERROR_CORR_ID_OFFSET + 1 + corrIdLength;
    }

    public static int error(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final int errorWireId, final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        buffer.putShort(offset + ERROR_CODE_OFFSET, (short)errorWireId, LITTLE_ENDIAN);
        final int end = putCorrId(buffer, offset + ERROR_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        LinkHeader.write(buffer, offset, end - offset, LinkType.ERROR, gatewayId, sessionId);
        return end - offset;
    }

    public static int roomMessageLength(final int recipients, final int roomLength, final int fromLength, final int dataLength)
    {
        return ROOM_RECIPIENTS_OFFSET + recipients * 8 + 2 + roomLength + 2 + fromLength + 4 + dataLength;
    }

    public static int roomRecipientOffset(final int offset, final int index)
    {
        return offset + ROOM_RECIPIENTS_OFFSET + index * 8;
    }

    public static int finishRoomMessage(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long seq, final long timestampMs,
        final int recipientCount,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        buffer.putLong(offset + ROOM_SEQ_OFFSET, seq, LITTLE_ENDIAN);
        buffer.putLong(offset + ROOM_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + ROOM_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + ROOM_COUNT_OFFSET + 4, 0, LITTLE_ENDIAN);
        int position = offset + ROOM_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, from, fromOffset, fromLength);
        position = putData(buffer, position, data, dataOffset, dataLength);
        LinkHeader.write(buffer, offset, position - offset, LinkType.ROOM_MESSAGE, gatewayId, 0L);
        return position - offset;
    }

    public static int directMessageLength(final int recipients, final int fromLength, final int toLength, final int dataLength)
    {
        return DIRECT_RECIPIENTS_OFFSET + recipients * 8 + 2 + fromLength + 2 + toLength + 4 + dataLength;
    }

    public static int directRecipientOffset(final int offset, final int index)
    {
        return offset + DIRECT_RECIPIENTS_OFFSET + index * 8;
    }

    public static int finishDirectMessage(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long timestampMs,
        final int recipientCount,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer to, final int toOffset, final int toLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        buffer.putLong(offset + DIRECT_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + DIRECT_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + DIRECT_COUNT_OFFSET + 4, 0, LITTLE_ENDIAN);
        int position = offset + DIRECT_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, from, fromOffset, fromLength);
        position = putName(buffer, position, to, toOffset, toLength);
        position = putData(buffer, position, data, dataOffset, dataLength);
        LinkHeader.write(buffer, offset, position - offset, LinkType.DIRECT_MESSAGE, gatewayId, 0L);
        return position - offset;
    }

    private static int putCorrId(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putByte(position, (byte)length);
        if (length > 0)
        {
            buffer.putBytes(position + 1, src, srcOffset, length);
        }
        return position + 1 + length;
    }

    private static int putName(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putShort(position, (short)length, LITTLE_ENDIAN);
        if (length > 0)
        {
            buffer.putBytes(position + 2, src, srcOffset, length);
        }
        return position + 2 + length;
    }

    private static int putData(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putInt(position, length, LITTLE_ENDIAN);
        if (length > 0)
        {
            buffer.putBytes(position + 4, src, srcOffset, length);
        }
        return position + 4 + length;
    }
}
