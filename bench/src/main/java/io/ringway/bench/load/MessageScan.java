package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Cheap scans over received bytes (no JSON parsing per message): what kind of server message a
 * JSON object is, the load generator's message index inside {@code data}, an error's code.
 * Every method takes absolute indexes {@code [from, to)} and leaves the buffer's indexes alone.
 */
public final class MessageScan
{
    /** What {@code data} starts with: the room message's {@code data} is the last field, so this is found early. */
    static final byte[] INDEX_MARKER = LoadMessages.ascii("{\"n\":");
    static final byte[] JSON_MESSAGE = LoadMessages.ascii("{\"type\":\"message\"");
    static final byte[] JSON_ACK = LoadMessages.ascii("{\"type\":\"ack\"");
    static final byte[] JSON_ERROR = LoadMessages.ascii("{\"type\":\"error\"");
    static final byte[] CODE_MARKER = LoadMessages.ascii("\"code\":\"");

    /** Result of {@link #findIndex} when there is no index. */
    public static final long NO_INDEX = -1;

    private MessageScan()
    {
    }

    /**
     * The {@code n} of a load-generator message: the digits after the first {@code {"n":} in
     * {@code [from, to)}, or {@link #NO_INDEX}. Room and user names the generator uses cannot
     * contain {@code {}, so the first match is the one in {@code data}.
     */
    public static long findIndex(final ByteBuf buf, final int from, final int to)
    {
        final int at = indexOf(buf, from, to, INDEX_MARKER);
        return at < 0 ? NO_INDEX : digitsAfterMarker(buf, at, to);
    }

    private static long digitsAfterMarker(final ByteBuf buf, final int markerAt, final int to)
    {
        int i = markerAt + INDEX_MARKER.length;
        long value = 0;
        int digits = 0;
        while (i < to)
        {
            final int b = buf.getByte(i);
            if (b < '0' || b > '9')
            {
                break;
            }
            if (++digits > 18)
            {
                return NO_INDEX;
            }
            value = value * 10 + (b - '0');
            i++;
        }
        return digits == 0 ? NO_INDEX : value;
    }

    /**
     * {@link #findIndex} for one connection's stream of messages: it looks first where the marker
     * was in the previous message, and scans only when it is not there. A room's messages from one
     * publisher differ only in a few digits before {@code data}, so the guess is nearly always right;
     * the scan was a fifth of the load generator's CPU in a 1 → 1,000 fan-out. The marker occurs once
     * per message (names cannot contain a brace), so a hit at the guess is the first one.
     * Not thread-safe: one per connection, used on its event loop.
     */
    public static final class IndexFinder
    {
        private int lastOffset = -1;

        public long find(final ByteBuf buf, final int from, final int to)
        {
            final int guess = from + lastOffset;
            if (lastOffset >= 0 && startsWith(buf, guess, to, INDEX_MARKER))
            {
                return digitsAfterMarker(buf, guess, to);
            }
            final int at = indexOf(buf, from, to, INDEX_MARKER);
            if (at < 0)
            {
                return NO_INDEX;
            }
            lastOffset = at - from;
            return digitsAfterMarker(buf, at, to);
        }
    }

    /** Same as {@link #findIndex(ByteBuf, int, int)} over the readable bytes. */
    public static long findIndex(final ByteBuf buf)
    {
        return findIndex(buf, buf.readerIndex(), buf.writerIndex());
    }

    /** The value of the first {@code "code":"…"} in {@code [from, to)}, or {@code "unknown"}. */
    public static String errorCode(final ByteBuf buf, final int from, final int to)
    {
        final int at = indexOf(buf, from, to, CODE_MARKER);
        if (at < 0)
        {
            return "unknown";
        }
        final int start = at + CODE_MARKER.length;
        final int end = buf.indexOf(start, to, (byte)'"');
        if (end < 0 || end - start > 64)
        {
            return "unknown";
        }
        return buf.toString(start, end - start, StandardCharsets.US_ASCII);
    }

    public static boolean startsWith(final ByteBuf buf, final int from, final int to, final byte[] prefix)
    {
        if (to - from < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buf.getByte(from + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Absolute index of the first occurrence of {@code needle} in {@code [from, to)}, or -1. */
    static int indexOf(final ByteBuf buf, final int from, final int to, final byte[] needle)
    {
        final byte first = needle[0];
        final int last = to - needle.length;
        int i = from;
        while (i <= last)
        {
            final int at = buf.indexOf(i, last + 1, first);
            if (at < 0)
            {
                return -1;
            }
            if (startsWith(buf, at, to, needle))
            {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }
}
