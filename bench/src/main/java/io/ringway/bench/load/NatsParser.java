package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Splits the bytes a nats-server sends into protocol operations. The input is a byte stream, not
 * a sequence of messages: NATS over WebSocket may split a line or a MSG payload across WebSocket
 * messages, or put several operations into one, so WebSocket message boundaries mean nothing here.
 * <p>
 * {@link #parse} consumes every complete operation at the front of a cumulation buffer and leaves
 * an incomplete one (a line without its {@code \n}, a MSG without its whole payload) unread for the
 * next call. No per-message allocation: a MSG is reported as a byte range of the buffer, valid only
 * during the callback. Only what the server sends is understood: {@code INFO}, {@code MSG},
 * {@code HMSG}, {@code PING}, {@code PONG}, {@code +OK}, {@code -ERR}.
 */
public final class NatsParser
{
    /** Longest control line accepted; INFO with cluster URLs is the longest the server sends. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    /** What a parsed operation is reported to. */
    public interface Listener
    {
        /** INFO's JSON, {@code [from, to)}. */
        void onInfo(ByteBuf buf, int from, int to);

        /** A MSG's (or HMSG's) payload, without headers, {@code [from, to)}. */
        void onMsg(ByteBuf buf, int from, int to);

        void onPing();

        void onPong();

        /** {@code -ERR}'s text as sent, e.g. {@code 'Slow Consumer'}. */
        void onErr(String text);
    }

    private static final byte[] OP_MSG = LoadMessages.ascii("MSG ");
    private static final byte[] OP_HMSG = LoadMessages.ascii("HMSG ");
    private static final byte[] OP_PING = LoadMessages.ascii("PING");
    private static final byte[] OP_PONG = LoadMessages.ascii("PONG");
    private static final byte[] OP_OK = LoadMessages.ascii("+OK");
    private static final byte[] OP_ERR = LoadMessages.ascii("-ERR");
    private static final byte[] OP_INFO = LoadMessages.ascii("INFO");

    private final int maxPayloadBytes;

    public NatsParser(final int maxPayloadBytes)
    {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Reports every complete operation at the front of {@code in} and advances its reader index
     * past them.
     *
     * @throws NatsProtocolException when the bytes are not NATS server protocol
     */
    public void parse(final ByteBuf in, final Listener listener)
    {
        while (in.isReadable())
        {
            final int start = in.readerIndex();
            final int end = in.writerIndex();
            final int newline = in.indexOf(start, end, (byte)'\n');
            if (newline < 0)
            {
                if (end - start > MAX_LINE_BYTES)
                {
                    throw new NatsProtocolException("protocol line longer than " + MAX_LINE_BYTES + " bytes");
                }
                return;
            }
            final int lineEnd = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
            final int next = operation(in, start, lineEnd, newline + 1, end, listener);
            if (next < 0)
            {
                return; // a MSG whose payload has not fully arrived
            }
            in.readerIndex(next);
        }
    }

    /** Handles the line {@code [start, lineEnd)}; returns where the next operation starts, or -1 to wait for more bytes. */
    private int operation(final ByteBuf in, final int start, final int lineEnd, final int afterLine, final int end, final Listener listener)
    {
        if (startsWithIgnoreCase(in, start, lineEnd, OP_MSG))
        {
            // MSG <subject> <sid> [reply-to] <#bytes>
            final int size = (int)lastNumber(in, start, lineEnd, "MSG");
            return payload(in, afterLine, end, 0, size, listener);
        }
        if (startsWithIgnoreCase(in, start, lineEnd, OP_HMSG))
        {
            // HMSG <subject> <sid> [reply-to] <#header bytes> <#total bytes>
            final long total = lastNumber(in, start, lineEnd, "HMSG");
            final int beforeTotal = lastSpace(in, start, lineEnd);
            final long headers = lastNumber(in, start, beforeTotal, "HMSG");
            if (headers > total)
            {
                throw new NatsProtocolException("HMSG header bytes " + headers + " > total bytes " + total);
            }
            return payload(in, afterLine, end, (int)headers, (int)total, listener);
        }
        if (isWord(in, start, lineEnd, OP_PING))
        {
            listener.onPing();
        }
        else if (isWord(in, start, lineEnd, OP_PONG))
        {
            listener.onPong();
        }
        else if (isWord(in, start, lineEnd, OP_OK))
        {
            // verbose acknowledgement: nothing to do
        }
        else if (startsWithIgnoreCase(in, start, lineEnd, OP_ERR))
        {
            listener.onErr(in.toString(start + OP_ERR.length, lineEnd - start - OP_ERR.length, StandardCharsets.UTF_8).trim());
        }
        else if (startsWithIgnoreCase(in, start, lineEnd, OP_INFO))
        {
            int from = start + OP_INFO.length;
            while (from < lineEnd && in.getByte(from) == ' ')
            {
                from++;
            }
            listener.onInfo(in, from, lineEnd);
        }
        else
        {
            throw new NatsProtocolException("unexpected protocol line: " + preview(in, start, lineEnd));
        }
        return afterLine;
    }

    /** A (H)MSG's payload of {@code size} bytes plus {@code \r\n} at {@code from}: reported once it is all there. */
    private int payload(final ByteBuf in, final int from, final int end, final int headerBytes, final int size, final Listener listener)
    {
        if (size > maxPayloadBytes)
        {
            throw new NatsProtocolException("message payload of " + size + " bytes exceeds " + maxPayloadBytes);
        }
        if (end - from < size + 2)
        {
            return -1;
        }
        if (in.getByte(from + size) != '\r' || in.getByte(from + size + 1) != '\n')
        {
            throw new NatsProtocolException("message payload not followed by CRLF (size field wrong?)");
        }
        listener.onMsg(in, from + headerBytes, from + size);
        return from + size + 2;
    }

    /** The decimal number that ends {@code [from, to)} (trailing spaces allowed). */
    private static long lastNumber(final ByteBuf in, final int from, final int to, final String op)
    {
        int i = to;
        while (i > from && in.getByte(i - 1) == ' ')
        {
            i--;
        }
        long value = 0;
        long scale = 1;
        int digits = 0;
        while (i > from)
        {
            final int b = in.getByte(i - 1);
            if (b < '0' || b > '9')
            {
                break;
            }
            if (++digits > 10)
            {
                throw new NatsProtocolException(op + " size too long: " + preview(in, from, to));
            }
            value += (b - '0') * scale;
            scale *= 10;
            i--;
        }
        if (digits == 0 || i == from || (in.getByte(i - 1) != ' ' && in.getByte(i - 1) != '\t'))
        {
            throw new NatsProtocolException(op + " without a size: " + preview(in, from, to));
        }
        return value;
    }

    /** Index of the space before the last token of {@code [from, to)}. */
    private static int lastSpace(final ByteBuf in, final int from, final int to)
    {
        int i = to;
        while (i > from && in.getByte(i - 1) == ' ')
        {
            i--;
        }
        while (i > from && in.getByte(i - 1) != ' ')
        {
            i--;
        }
        return Math.max(from, i - 1);
    }

    /** The line is exactly {@code word} (any case), or {@code word} followed by spaces. */
    private static boolean isWord(final ByteBuf in, final int from, final int to, final byte[] word)
    {
        if (!startsWithIgnoreCase(in, from, to, word))
        {
            return false;
        }
        for (int i = from + word.length; i < to; i++)
        {
            if (in.getByte(i) != ' ')
            {
                return false;
            }
        }
        return true;
    }

    /** Protocol operation names are case-insensitive. */
    private static boolean startsWithIgnoreCase(final ByteBuf in, final int from, final int to, final byte[] prefix)
    {
        if (to - from < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            final int b = in.getByte(from + i);
            final int upper = b >= 'a' && b <= 'z' ? b - 32 : b;
            if (upper != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static String preview(final ByteBuf in, final int from, final int to)
    {
        final int length = Math.min(to - from, 80);
        return "'" + in.toString(from, length, StandardCharsets.US_ASCII) + (to - from > length ? "…" : "") + "'";
    }
}
