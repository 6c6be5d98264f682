package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.ClientFrameFlyweight;
import io.ringway.codec.frame.FrameType;

import static io.ringway.codec.frame.ClientFrameFlyweight.*;

/**
 * Validates client binary frame headers as soon as their bytes arrive, so a bad length is
 * rejected after 4 bytes instead of after waiting for a body that will never come.
 */
public final class ClientFrames
{
    /** {@link #check} result: the frame is not complete yet. */
    public static final int NEED_MORE = -1;

    private ClientFrames()
    {
    }

    /**
     * @return the frame's length when {@code readable} bytes at {@code index} hold a whole valid
     * frame, or {@link #NEED_MORE}.
     * @throws FrameViolationException when what is there already breaks the protocol.
     */
    public static int check(final ByteBuf buf, final int index, final int readable, final int maxFrameBytes)
    {
        if (readable < 4)
        {
            return NEED_MORE;
        }
        final long length = buf.getUnsignedInt(index + LENGTH_OFFSET);
        if (length < HEADER_LENGTH)
        {
            throw new FrameViolationException(ErrorCode.BAD_FRAME,
                "frame length " + length + " is shorter than the " + HEADER_LENGTH + "-byte header");
        }
        if (length > maxFrameBytes)
        {
            throw new FrameViolationException(ErrorCode.TOO_LARGE,
                "frame length " + length + " exceeds the limit of " + maxFrameBytes + " bytes");
        }
        if (readable > VERSION_OFFSET)
        {
            final int version = buf.getUnsignedByte(index + VERSION_OFFSET);
            if (version != CURRENT_VERSION)
            {
                throw new FrameViolationException(ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + version + " is not supported (expected " + CURRENT_VERSION + ")");
            }
        }
        if (readable > TYPE_OFFSET)
        {
            final int type = buf.getUnsignedByte(index + TYPE_OFFSET);
            if (!isClientType(type))
            {
                throw new FrameViolationException(ErrorCode.UNKNOWN_TYPE,
                    "frame type 0x" + Integer.toHexString(type) + " is not a client frame type");
            }
        }
        if (readable > FLAGS_OFFSET)
        {
            final int flags = buf.getUnsignedByte(index + FLAGS_OFFSET);
            if ((flags & ~KNOWN_FLAGS) != 0)
            {
                throw new FrameViolationException(ErrorCode.BAD_FRAME, "unknown flags 0x" + Integer.toHexString(flags));
            }
            if ((flags & FLAG_COMPRESSED) != 0)
            {
                throw new FrameViolationException(ErrorCode.BAD_FRAME, "compressed payloads (flag 0x04) are reserved");
            }
            if ((flags & FLAG_BINARY) != 0)
            {
                throw new FrameViolationException(ErrorCode.BAD_FRAME, "binary payloads (flag 0x02) are not accepted yet");
            }
        }
        return readable >= length ? (int)length : NEED_MORE;
    }

    /** Types a client may send; ERROR and ACK only flow server → client. */
    public static boolean isClientType(final int type)
    {
        return type == FrameType.HELLO || type == FrameType.JOIN_ROOM || type == FrameType.LEAVE_ROOM ||
            type == FrameType.MESSAGE || type == FrameType.HEARTBEAT || type == FrameType.TYPING || type == FrameType.PRESENCE ||
            type == FrameType.CREATE_GROUP || type == FrameType.ADD_MEMBER || type == FrameType.REMOVE_MEMBER || type == FrameType.PRIVATE ||
            type == FrameType.EDIT || type == FrameType.DELETE || type == FrameType.HISTORY;
    }

    public static int headerLength()
    {
        return ClientFrameFlyweight.HEADER_LENGTH;
    }
}
