package io.ringway.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a {@code summary.json} back as dotted paths to scalar text ({@code latencyUs.intended.p99}
 * → {@code "812.3"}); null values are left out, arrays skipped. Enough to compare runs without a
 * data-binding library.
 */
public final class SummaryReader
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private SummaryReader()
    {
    }

    public static Map<String, String> read(final Path file) throws IOException
    {
        return flatten(Files.readString(file));
    }

    public static Map<String, String> flatten(final String json) throws IOException
    {
        final Map<String, String> out = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IOException("not a JSON object");
            }
            object(parser, "", out);
        }
        return out;
    }

    private static void object(final JsonParser parser, final String prefix, final Map<String, String> out) throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String key = prefix + parser.currentName();
            final JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT)
            {
                object(parser, key + ".", out);
            }
            else if (value == JsonToken.START_ARRAY)
            {
                parser.skipChildren();
            }
            else if (value != JsonToken.VALUE_NULL)
            {
                out.put(key, parser.getText());
            }
        }
    }
}
