package io.ringway.codec.json;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8Test
{
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(8);

    private String encode(final String s, final int position)
    {
        final char[] chars = ("<<" + s + ">>").toCharArray();
        final int end = Utf8.encode(chars, 2, s.length(), out, position);
        final byte[] bytes = new byte[end - position];
        out.getBytes(position, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String expected(final String s)
    {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "lobby", "\u0000\u001f\u007f", "\u0080", "\u07ff", "\u0800", "été", "日本語", "\ud7ff", "\ue000", "\uffff",
        "😀", "a😀b", "\udbff\udfff", "\ud800\udc00", "mixed é 日 😀 end" })
    void shouldMatchJdkEncoderWhenStringIsWellFormed(final String s)
    {
        assertEquals(expected(s), encode(s, 0));
        assertEquals(expected(s), encode(s, 5));
    }

    @Test
    void shouldWriteKnownBytesWhenCharsSpanEveryEncodedLength()
    {
        assertEquals("41", encode("A", 0));
        assertEquals("c3a9", encode("é", 0));
        assertEquals("e282ac", encode("€", 0));
        assertEquals("f09f9880", encode("😀", 0));
        assertEquals("f48fbfbf", encode("\udbff\udfff", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ud800", "\udc00", "a\ud800", "\ud800b", "\udc00\ud800", "\ud83d\ud83d\ude00", "x\ude00y" })
    void shouldWriteQuestionMarkWhenSurrogateIsUnpaired(final String s)
    {
        assertEquals(expected(s), encode(s, 3), "same replacement as String.getBytes");
    }

    @Test
    void shouldReturnPositionAfterLastByteWhenWritingAtOffset()
    {
        final char[] chars = "xé😀".toCharArray();
        assertEquals(10 + 1 + 2 + 4, Utf8.encode(chars, 0, chars.length, out, 10));
        assertEquals(10, Utf8.encode(chars, 1, 0, out, 10));
    }
}
