package io.ringway.codec.json;

import org.agrona.MutableDirectBuffer;

/** UTF-8 encoding of a char range straight into a buffer, so names never become Strings on the hot path. */
final class Utf8
{
    private Utf8()
    {
    }

    /** @return the position after the last byte written. Unpaired surrogates become '?', as String.getBytes does. */
    static int encode(final char[] chars, final int offset, final int length, final MutableDirectBuffer out, final int position)
    {
        int p = position;
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            final char c = chars[i];
            if (c < 0x80)
            {
                out.putByte(p++, (byte)c);
            }
            else if (c < 0x800)
            {
                out.putByte(p++, (byte)(0xC0 | (c >> 6)));
                out.putByte(p++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1]))
            {
                final int cp = Character.toCodePoint(c, chars[++i]);
                out.putByte(p++, (byte)(0xF0 | (cp >> 18)));
                out.putByte(p++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                out.putByte(p++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                out.putByte(p++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                out.putByte(p++, (byte)'?');
            }
            else
            {
                out.putByte(p++, (byte)(0xE0 | (c >> 12)));
                out.putByte(p++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                out.putByte(p++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return p;
    }
}
