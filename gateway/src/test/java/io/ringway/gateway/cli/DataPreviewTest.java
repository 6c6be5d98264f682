package io.ringway.gateway.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataPreviewTest
{
    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldShowJsonAsIsWhenItIsOneWholeValue()
    {
        final DataPreview preview = DataPreview.of(utf8("{\"text\":\"héllo\"}"), DataPreview.DEFAULT_LIMIT);

        assertEquals(new DataPreview(DataPreview.Form.JSON, "{\"text\":\"héllo\"}", 17, 17), preview);
        assertFalse(preview.isCut());
    }

    @Test
    void shouldTurnWhitespaceControlsIntoSpacesWhenValueIsJson()
    {
        assertEquals("[1,  2, 3]", DataPreview.of(utf8("[1,\r\n2,\t3]"), DataPreview.DEFAULT_LIMIT).text());
    }

    @Test
    void shouldShowTextWhenPrintableButNotOneJsonValue()
    {
        assertEquals(DataPreview.Form.TEXT, DataPreview.of(utf8("hello"), DataPreview.DEFAULT_LIMIT).form());
        assertEquals(DataPreview.Form.TEXT, DataPreview.of(utf8("1 2"), DataPreview.DEFAULT_LIMIT).form(), "two values");
        assertEquals(DataPreview.Form.TEXT, DataPreview.of(utf8("{\"a\":1}x"), DataPreview.DEFAULT_LIMIT).form(), "trailing bytes");
        assertEquals(DataPreview.Form.TEXT, DataPreview.of(new byte[0], DataPreview.DEFAULT_LIMIT).form());
        assertEquals("a\nb", DataPreview.of(utf8("a\nb"), DataPreview.DEFAULT_LIMIT).text(), "not JSON: kept exactly");
    }

    @Test
    void shouldKeepNamesExactlyEvenWhenTheyParseAsJson()
    {
        final DataPreview name = DataPreview.ofText(utf8("[1,\n2]"), DataPreview.NO_LIMIT);

        assertEquals(new DataPreview(DataPreview.Form.TEXT, "[1,\n2]", 6, 6), name);
    }

    @Test
    void shouldShowHexWhenBytesAreNotUtf8OrHoldControlCharacters()
    {
        assertEquals(new DataPreview(DataPreview.Form.HEX, "ff00", 2, 2), DataPreview.of(new byte[]{(byte)0xFF, 0}, 10));
        assertEquals(DataPreview.Form.HEX, DataPreview.of(utf8("\"a\u0000b\""), 10).form(), "NUL");
        assertEquals(DataPreview.Form.HEX, DataPreview.of(utf8("\u001b[31mred"), 10).form(), "terminal escape");
        assertEquals(DataPreview.Form.HEX, DataPreview.of(new byte[]{(byte)0xED, (byte)0xA0, (byte)0x80}, 10).form(),
            "an encoded surrogate is not UTF-8");
    }

    @Test
    void shouldCutAfterTheLimitAndCountWhatWasLeftOut()
    {
        final DataPreview preview = DataPreview.of(utf8("[\"abcdefghij\"]"), 5);

        assertEquals(new DataPreview(DataPreview.Form.TEXT, "[\"abc", 14, 5), preview, "a cut value is no longer JSON");
        assertTrue(preview.isCut());
        assertEquals(9, preview.omittedBytes());
    }

    @Test
    void shouldNotCutACharacterInTwoWhenTheLimitFallsInsideIt()
    {
        final byte[] bytes = utf8("ééé"); // 2 bytes each

        final DataPreview preview = DataPreview.of(bytes, 3);

        assertEquals(new DataPreview(DataPreview.Form.TEXT, "é", 6, 2), preview);
    }

    @Test
    void shouldCutHexAtTheLimitToo()
    {
        final DataPreview preview = DataPreview.hex(new byte[]{1, 2, 3, 4}, 2);

        assertEquals(new DataPreview(DataPreview.Form.HEX, "0102", 4, 2), preview);
        assertEquals(2, preview.omittedBytes());
    }
}
