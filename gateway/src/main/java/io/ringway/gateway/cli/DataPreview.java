package io.ringway.gateway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a run of bytes from the journal (a command's data, corrId or name, or a whole bad command)
 * is shown: as UTF-8 text when it is printable, otherwise as hex, and cut after a limit so one
 * huge payload does not bury the rest of a dump.
 *
 * @param form       how {@code text} is to be read
 * @param text       the JSON, the text or the hex digits of the bytes shown
 * @param totalBytes length of the whole value
 * @param shownBytes bytes {@code text} covers (less than {@code totalBytes} when cut)
 */
record DataPreview(Form form, String text, int totalBytes, int shownBytes)
{
    /** Past this many bytes a value is cut, unless the dump is asked for in full. */
    static final int DEFAULT_LIMIT = 200;
    static final int NO_LIMIT = Integer.MAX_VALUE;

    private static final JsonFactory JSON = new JsonFactory();
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    enum Form
    {
        /** One whole, valid JSON value; safe to embed as is in a JSON line. */
        JSON,
        /** Printable UTF-8 that is not one whole JSON value (or was cut): show it as a string. */
        TEXT,
        /** Not printable UTF-8: lowercase hex digits, two per byte. */
        HEX
    }

    boolean isCut()
    {
        return shownBytes < totalBytes;
    }

    int omittedBytes()
    {
        return totalBytes - shownBytes;
    }

    /** Text when printable (JSON when it also parses as one value), else hex; at most {@code limit} bytes shown. */
    static DataPreview of(final byte[] bytes, final int limit)
    {
        return preview(bytes, limit, true);
    }

    /** Text exactly as stored when printable, else hex: for names, which are never JSON. */
    static DataPreview ofText(final byte[] bytes, final int limit)
    {
        return preview(bytes, limit, false);
    }

    private static DataPreview preview(final byte[] bytes, final int limit, final boolean mayBeJson)
    {
        int shown = Math.min(bytes.length, limit);
        // Do not cut a multi-byte character in two: back off to the start of the one the cut falls in.
        for (int i = 0; i < 3 && shown < bytes.length && shown > 0 && isContinuationByte(bytes[shown]); i++)
        {
            shown--;
        }
        final String text = printableUtf8(bytes, shown);
        if (text == null)
        {
            return hex(bytes, limit);
        }
        if (mayBeJson && shown == bytes.length && isOneJsonValue(bytes))
        {
            // Raw tab, CR and LF can only be whitespace between JSON tokens (inside strings they must be
            // escaped), so turning them into spaces changes nothing and keeps each dumped command on one line.
            return new DataPreview(Form.JSON, text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' '), bytes.length, shown);
        }
        return new DataPreview(Form.TEXT, text, bytes.length, shown);
    }

    /** Hex of at most {@code limit} bytes. */
    static DataPreview hex(final byte[] bytes, final int limit)
    {
        final int shown = Math.min(bytes.length, limit);
        final char[] digits = new char[shown * 2];
        for (int i = 0; i < shown; i++)
        {
            digits[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xF];
            digits[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xF];
        }
        return new DataPreview(Form.HEX, new String(digits), bytes.length, shown);
    }

    private static boolean isContinuationByte(final byte b)
    {
        return (b & 0xC0) == 0x80;
    }

    /** @return the text, or null when the bytes are not strict UTF-8 or hold a control character other than tab, CR, LF. */
    private static String printableUtf8(final byte[] bytes, final int length)
    {
        final CharBuffer chars;
        try
        {
            chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length));
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
        for (int i = 0; i < chars.length(); i++)
        {
            final char c = chars.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n')
            {
                return null;
            }
        }
        return chars.toString();
    }

    private static boolean isOneJsonValue(final byte[] bytes)
    {
        try (JsonParser parser = JSON.createParser(bytes))
        {
            if (parser.nextToken() == null)
            {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null; // a second root value or trailing bytes: not one value
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }
}
