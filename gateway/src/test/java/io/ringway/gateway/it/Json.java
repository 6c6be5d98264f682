package io.ringway.gateway.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-only JSON reader (jackson-core streaming into maps, lists, strings, longs, doubles, booleans). */
public final class Json
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json()
    {
    }

    public static Map<String, Object> object(final String json)
    {
        final Object value = parse(json);
        if (!(value instanceof Map))
        {
            throw new AssertionError("not a JSON object: " + json);
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> map = (Map<String, Object>)value;
        return map;
    }

    static Map<String, Object> object(final byte[] utf8)
    {
        return object(new String(utf8, StandardCharsets.UTF_8));
    }

    public static Object parse(final String json)
    {
        try (JsonParser parser = FACTORY.createParser(json))
        {
            final Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null)
            {
                throw new AssertionError("trailing content: " + json);
            }
            return value;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("bad JSON: " + json, ex);
        }
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    list.add(read(parser, next));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected token " + token);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(final Object value)
    {
        return (Map<String, Object>)value;
    }

    public static long longValue(final Map<String, Object> json, final String field)
    {
        final Object value = json.get(field);
        if (!(value instanceof Long))
        {
            throw new AssertionError("field " + field + " is not an integer in " + json);
        }
        return (Long)value;
    }

    /** {@code error.code} of an error reply (JSON shape) or an ERROR frame payload (binary shape). */
    static String errorCode(final Map<String, Object> json)
    {
        final Object error = json.get("error");
        if (error instanceof Map)
        {
            return (String)map(error).get("code");
        }
        return (String)json.get("code");
    }
}
