package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.ringway.bench.load.LoadMessages;


/**
 * Finds the top-level fields the floor server needs ({@code type}, {@code room}, {@code id},
 * {@code data}) in one client JSON command, without parsing it: one pass over the bytes that only
 * delimits keys and values. It tracks strings (and their escapes) and nesting, so braces or
 * quotes inside {@code data}, and fields in any order, are handled; it decodes nothing and checks
 * scalars only for where they end.
 * <p>
 * Each span is absolute {@code [from, to)} in the scanned buffer and holds the value <em>as
 * written</em>: a string includes its quotes. That is what the server copies out ({@code data}
 * verbatim, {@code id} echoed verbatim) and what it compares names against ({@link #is}).
 * <p>
 * One instance per connection, reused for every command (event-loop confined); it holds indexes
 * only, so reuse allocates nothing.
 */
final class CommandFields
{
    /** A span's {@code from} when the field was not there. */
    static final int ABSENT = -1;

    private static final byte[] KEY_TYPE = LoadMessages.ascii("\"type\"");
    private static final byte[] KEY_ROOM = LoadMessages.ascii("\"room\"");
    private static final byte[] KEY_ID = LoadMessages.ascii("\"id\"");
    private static final byte[] KEY_DATA = LoadMessages.ascii("\"data\"");

    int typeFrom;
    int typeTo;
    int roomFrom;
    int roomTo;
    int idFrom;
    int idTo;
    int dataFrom;
    int dataTo;

    /**
     * Scans {@code [from, to)} of {@code buf} (its indexes are left alone).
     *
     * @return true when it is one JSON object whose top-level keys and values are well delimited;
     * false for anything else (the spans are then meaningless)
     */
    boolean scan(final ByteBuf buf, final int from, final int to)
    {
        typeFrom = roomFrom = idFrom = dataFrom = ABSENT;
        typeTo = roomTo = idTo = dataTo = ABSENT;
        int i = skipWhitespace(buf, from, to);
        if (i >= to || buf.getByte(i) != '{')
        {
            return false;
        }
        i = skipWhitespace(buf, i + 1, to);
        if (i < to && buf.getByte(i) == '}')
        {
            return skipWhitespace(buf, i + 1, to) == to;
        }
        while (i < to)
        {
            if (buf.getByte(i) != '"')
            {
                return false;
            }
            final int keyFrom = i;
            final int keyTo = endOfString(buf, i, to);
            if (keyTo < 0)
            {
                return false;
            }
            i = skipWhitespace(buf, keyTo, to);
            if (i >= to || buf.getByte(i) != ':')
            {
                return false;
            }
            final int valueFrom = skipWhitespace(buf, i + 1, to);
            final int valueTo = endOfValue(buf, valueFrom, to);
            if (valueTo < 0)
            {
                return false;
            }
            record(buf, keyFrom, keyTo, valueFrom, valueTo);
            i = skipWhitespace(buf, valueTo, to);
            if (i >= to)
            {
                return false;
            }
            final byte separator = buf.getByte(i);
            if (separator == '}')
            {
                return skipWhitespace(buf, i + 1, to) == to;
            }
            if (separator != ',')
            {
                return false;
            }
            i = skipWhitespace(buf, i + 1, to);
        }
        return false;
    }

    /** True when the span {@code [from, to)} holds exactly {@code expected} (e.g. {@code "join"} with its quotes). */
    static boolean is(final ByteBuf buf, final int from, final int to, final byte[] expected)
    {
        if (from == ABSENT || to - from != expected.length)
        {
            return false;
        }
        for (int i = 0; i < expected.length; i++)
        {
            if (buf.getByte(from + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    /** True when the span is a string value (starts with a quote; the scan saw it end with one). */
    static boolean isString(final ByteBuf buf, final int from)
    {
        return from != ABSENT && buf.getByte(from) == '"';
    }

    private void record(final ByteBuf buf, final int keyFrom, final int keyTo, final int valueFrom, final int valueTo)
    {
        // a repeated key: the last one wins, as in most parsers
        if (is(buf, keyFrom, keyTo, KEY_TYPE))
        {
            typeFrom = valueFrom;
            typeTo = valueTo;
        }
        else if (is(buf, keyFrom, keyTo, KEY_ROOM))
        {
            roomFrom = valueFrom;
            roomTo = valueTo;
        }
        else if (is(buf, keyFrom, keyTo, KEY_ID))
        {
            idFrom = valueFrom;
            idTo = valueTo;
        }
        else if (is(buf, keyFrom, keyTo, KEY_DATA))
        {
            dataFrom = valueFrom;
            dataTo = valueTo;
        }
    }

    /** Index just past the value starting at {@code at}, or -1 when it does not end before {@code to}. */
    static int endOfValue(final ByteBuf buf, final int at, final int to)
    {
        if (at >= to)
        {
            return -1;
        }
        final byte first = buf.getByte(at);
        if (first == '"')
        {
            return endOfString(buf, at, to);
        }
        if (first == '{' || first == '[')
        {
            return endOfContainer(buf, at, to);
        }
        // a number, true, false or null: ends where the next separator or whitespace starts
        int i = at;
        while (i < to && !endsScalar(buf.getByte(i)))
        {
            i++;
        }
        return i == at ? -1 : i;
    }

    /** {@code at} is an opening brace or bracket: index just past its match, or -1. Strings inside may hold any bracket. */
    private static int endOfContainer(final ByteBuf buf, final int at, final int to)
    {
        int depth = 0;
        int i = at;
        while (i < to)
        {
            final byte b = buf.getByte(i);
            if (b == '"')
            {
                i = endOfString(buf, i, to);
                if (i < 0)
                {
                    return -1;
                }
                continue;
            }
            if (b == '{' || b == '[')
            {
                depth++;
            }
            else if (b == '}' || b == ']')
            {
                if (--depth == 0)
                {
                    return i + 1;
                }
            }
            i++;
        }
        return -1;
    }

    /**
     * {@code at} is an opening quote: index just past the closing one, or -1. Jumps from quote to
     * quote with {@link ByteBuf#indexOf} (a long run of padding costs one search, not a byte loop)
     * and skips a quote preceded by an odd number of backslashes.
     */
    static int endOfString(final ByteBuf buf, final int at, final int to)
    {
        int i = at + 1;
        while (i < to)
        {
            final int quote = buf.indexOf(i, to, (byte)'"');
            if (quote < 0)
            {
                return -1;
            }
            int backslashes = 0;
            for (int j = quote - 1; j > at && buf.getByte(j) == '\\'; j--)
            {
                backslashes++;
            }
            if ((backslashes & 1) == 0)
            {
                return quote + 1;
            }
            i = quote + 1;
        }
        return -1;
    }

    private static boolean endsScalar(final byte b)
    {
        return b == ',' || b == '}' || b == ']' || isWhitespace(b);
    }

    private static int skipWhitespace(final ByteBuf buf, final int from, final int to)
    {
        int i = from;
        while (i < to && isWhitespace(buf.getByte(i)))
        {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
