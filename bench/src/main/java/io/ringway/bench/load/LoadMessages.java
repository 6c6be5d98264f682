package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds what the load generator sends, in the transport's wire format (PROTOCOL.md):
 * client JSON for WebSocket text, binary frames ({@code length u32 BE | version | type | flags |
 * JSON payload}) for WebSocket binary and raw TCP, and NATS protocol lines ({@code PUB},
 * {@code SUB}; see {@link NatsProtocol}) for a nats-server.
 * <p>
 * A publish carries {@code data = {"n":<index>,"pad":"xxx…"}} padded to exactly
 * {@code payloadBytes} (or the smallest size that holds the index). The server hands recipients
 * the exact bytes of {@code data}, so {@link MessageScan#findIndex} finds {@code n} again on
 * receipt without parsing the JSON.
 * <p>
 * The client side is written from PROTOCOL.md rather than with the codec module's classes on
 * purpose: the load generator is a black-box client of the wire protocol.
 */
public final class LoadMessages
{
    public static final int FRAME_HEADER_LENGTH = 7;
    public static final byte FRAME_VERSION = 1;
    public static final byte TYPE_HELLO = 0x01;
    public static final byte TYPE_JOIN_ROOM = 0x02;
    public static final byte TYPE_MESSAGE = 0x04;
    public static final byte TYPE_HEARTBEAT = 0x05;
    public static final byte TYPE_ERROR = 0x06;
    public static final byte TYPE_ACK = 0x07;
    public static final byte FLAG_JSON = 0x01;

    /** Correlation id of the join command; its {@code ack} starts a connection's clock. */
    public static final String JOIN_ID = "join";

    /** {@code {"n":} + {@code ,"pad":"} + {@code "}}: the bytes of {@code data} besides the digits and the padding. */
    public static final int DATA_OVERHEAD = 5 + 8 + 2;

    private static final byte[] DATA_INDEX = ascii("{\"n\":");
    private static final byte[] DATA_PAD = ascii(",\"pad\":\"");
    private static final byte[] PUBLISH_SUFFIX = ascii("\"}}");

    /** The three encodings; a {@link Transport} names its own. */
    public enum Wire
    {
        /** Client JSON commands (WebSocket text). */
        CLIENT_JSON,
        /** Binary frames carrying JSON payloads (WebSocket binary, raw TCP). */
        BINARY_FRAMES,
        /** NATS protocol: the room is the subject {@code room.<name>}, a publish is {@code PUB} with {@code data} as payload. */
        NATS
    }

    private static final byte[] DATA_END = ascii("\"}");

    private final Wire wire;
    private final boolean binaryFramed;
    private final int payloadBytes;
    private final byte[] publishPrefix;
    private final byte[] joinPayload;
    private final byte[] padding;
    private final byte[] digits = new byte[20];

    /**
     * @param room         room name; must need no JSON escaping (see {@link #requireSafeName})
     * @param payloadBytes size of the {@code data} value in bytes
     * @param binaryFramed true for binary frames, false for client JSON
     */
    public LoadMessages(final String room, final int payloadBytes, final boolean binaryFramed)
    {
        this(room, payloadBytes, binaryFramed ? Wire.BINARY_FRAMES : Wire.CLIENT_JSON);
    }

    /**
     * @param room         room name; must need no JSON escaping (see {@link #requireSafeName})
     * @param payloadBytes size of the {@code data} value in bytes
     * @param wire         the encoding
     */
    public LoadMessages(final String room, final int payloadBytes, final Wire wire)
    {
        requireSafeName("room", room);
        if (payloadBytes < 0)
        {
            throw new IllegalArgumentException("payload bytes must be >= 0: " + payloadBytes);
        }
        this.wire = wire;
        this.binaryFramed = wire == Wire.BINARY_FRAMES;
        this.payloadBytes = payloadBytes;
        if (wire == Wire.NATS)
        {
            final String subject = NatsProtocol.subject(room);
            this.publishPrefix = ascii("PUB " + subject + " ");
            this.joinPayload = ascii("SUB " + subject + " " + NatsProtocol.SID + "\r\nPING\r\n");
        }
        else
        {
            this.publishPrefix = ascii((binaryFramed ? "{" : "{\"type\":\"publish\",") +
                "\"room\":\"" + room + "\",\"data\":" + "{\"n\":");
            this.joinPayload = ascii((binaryFramed ? "{" : "{\"type\":\"join\",") +
                "\"room\":\"" + room + "\",\"id\":\"" + JOIN_ID + "\"}");
        }
        this.padding = new byte[Math.max(0, payloadBytes - DATA_OVERHEAD)];
        Arrays.fill(padding, (byte)'x');
    }

    /**
     * Encodes the publish of message {@code index} into a new buffer from {@code alloc}: a text
     * frame's content for JSON, a whole binary frame otherwise. Allocation-light: no strings.
     */
    public ByteBuf publish(final ByteBufAllocator alloc, final long index)
    {
        if (wire == Wire.NATS)
        {
            return natsPublish(alloc, index);
        }
        final int digitCount = writeDigits(index);
        final int padLength = padLength(payloadBytes, index);
        final int payloadLength = publishPrefix.length + digitCount + DATA_PAD.length + padLength + PUBLISH_SUFFIX.length;
        final int headerLength = binaryFramed ? FRAME_HEADER_LENGTH : 0;
        final ByteBuf buf = alloc.buffer(headerLength + payloadLength);
        if (binaryFramed)
        {
            writeFrameHeader(buf, TYPE_MESSAGE, FLAG_JSON, payloadLength);
        }
        buf.writeBytes(publishPrefix)
            .writeBytes(digits, digits.length - digitCount, digitCount)
            .writeBytes(DATA_PAD)
            .writeBytes(padding, 0, padLength)
            .writeBytes(PUBLISH_SUFFIX);
        return buf;
    }

    /**
     * {@code PUB room.<name> <len>\r\n<data>\r\n}: the payload is exactly the {@code data} value
     * the other encodings carry, so receivers find {@code n} with the same byte scan.
     */
    private ByteBuf natsPublish(final ByteBufAllocator alloc, final long index)
    {
        final int digitCount = writeDigits(index);
        final int padLength = padLength(payloadBytes, index);
        final int dataLength = DATA_OVERHEAD + digitCount + padLength;
        final ByteBuf buf = alloc.buffer(publishPrefix.length + 10 + dataLength + 4);
        buf.writeBytes(publishPrefix);
        writeDecimal(buf, dataLength);
        buf.writeBytes(NatsProtocol.CRLF)
            .writeBytes(DATA_INDEX)
            .writeBytes(digits, digits.length - digitCount, digitCount)
            .writeBytes(DATA_PAD)
            .writeBytes(padding, 0, padLength)
            .writeBytes(DATA_END)
            .writeBytes(NatsProtocol.CRLF);
        return buf;
    }

    /**
     * The join command for the room, with correlation id {@link #JOIN_ID}. For NATS:
     * {@code SUB} then {@code PING}; the server answers PINGs in order, so its {@code PONG} says the
     * subscription is registered (the join's ack).
     */
    public ByteBuf join(final ByteBufAllocator alloc)
    {
        return binaryFramed ? frame(alloc, TYPE_JOIN_ROOM, joinPayload) : alloc.buffer(joinPayload.length).writeBytes(joinPayload);
    }

    public Wire wire()
    {
        return wire;
    }

    /** HELLO frame binding a raw TCP connection to {@code user}. */
    public static ByteBuf hello(final ByteBufAllocator alloc, final String user)
    {
        requireSafeName("user", user);
        return frame(alloc, TYPE_HELLO, ascii("{\"user\":\"" + user + "\"}"));
    }

    /** An empty HEARTBEAT frame (flags 0): keeps an otherwise silent TCP connection alive. */
    public static ByteBuf heartbeat(final ByteBufAllocator alloc)
    {
        final ByteBuf buf = alloc.buffer(FRAME_HEADER_LENGTH);
        writeFrameHeader(buf, TYPE_HEARTBEAT, (byte)0, 0);
        return buf;
    }

    /** Length of the padding string in message {@code index}'s {@code data}. */
    public static int padLength(final int payloadBytes, final long index)
    {
        return Math.max(0, payloadBytes - DATA_OVERHEAD - digitCount(index));
    }

    /** The {@code data} value of message {@code index}, as a string (tests and docs). */
    public static String data(final int payloadBytes, final long index)
    {
        return "{\"n\":" + index + ",\"pad\":\"" + "x".repeat(padLength(payloadBytes, index)) + "\"}";
    }

    public static int digitCount(final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("index must be >= 0: " + value);
        }
        int count = 1;
        for (long v = value; v >= 10; v /= 10)
        {
            count++;
        }
        return count;
    }

    /** Room and user names go into JSON unescaped: keep them to a safe ASCII set. */
    public static String requireSafeName(final String what, final String name)
    {
        if (name == null || name.isEmpty() || name.length() > 128 || !name.matches("[A-Za-z0-9._:-]+"))
        {
            throw new IllegalArgumentException(what + " must be 1-128 characters of [A-Za-z0-9._:-]: " + name);
        }
        return name;
    }

    private int writeDigits(final long index)
    {
        final int count = digitCount(index);
        long v = index;
        for (int i = digits.length - 1, left = count; left > 0; i--, left--)
        {
            digits[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        return count;
    }

    /** Writes {@code value >= 0} in decimal ASCII without a String. */
    public static void writeDecimal(final ByteBuf buf, final long value)
    {
        final int count = digitCount(value);
        final int at = buf.writerIndex();
        buf.ensureWritable(count);
        long v = value;
        for (int i = count - 1; i >= 0; i--)
        {
            buf.setByte(at + i, (int)('0' + (v % 10)));
            v /= 10;
        }
        buf.writerIndex(at + count);
    }

    private static ByteBuf frame(final ByteBufAllocator alloc, final byte type, final byte[] payload)
    {
        final ByteBuf buf = alloc.buffer(FRAME_HEADER_LENGTH + payload.length);
        writeFrameHeader(buf, type, FLAG_JSON, payload.length);
        return buf.writeBytes(payload);
    }

    private static void writeFrameHeader(final ByteBuf buf, final byte type, final byte flags, final int payloadLength)
    {
        buf.writeInt(FRAME_HEADER_LENGTH + payloadLength).writeByte(FRAME_VERSION).writeByte(type).writeByte(flags);
    }

    public static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
