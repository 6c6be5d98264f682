package io.ringway.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.async.NonBlockingJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;

import java.io.IOException;

/**
 * jackson's non-blocking UTF-8 parser, fed one whole command at a time and reused for the next.
 *
 * <p>Two things differ from the plain non-blocking parser:
 * <ul>
 *   <li>{@link #position()} is the index, in the array last fed, just past the last byte consumed.
 *   {@code currentLocation()} gives the same number but allocates a {@code JsonLocation} per
 *   call, which escape analysis removes only sometimes.</li>
 *   <li>Input that stops inside a value is an error, as with a blocking parser: each command is
 *   fed whole, so {@code NOT_AVAILABLE} below the root means the JSON is truncated.
 *   {@link #skipChildren()} is re-implemented on top of that, because the inherited one would
 *   loop on {@code NOT_AVAILABLE} forever.</li>
 * </ul>
 *
 * <p>Confined to one thread, like the {@link ClientCommandParser} that owns it.
 */
final class WholeCommandJsonParser extends NonBlockingJsonParser
{
    private WholeCommandJsonParser(final IOContext context, final int features, final ByteQuadsCanonicalizer symbols)
    {
        super(context, features, symbols);
    }

    /** Index just past the last byte consumed, in the array given to the last {@code feedInput}. */
    int position()
    {
        return _inputPtr; // feedInput() points _inputPtr into the caller's own array
    }

    @Override
    public JsonToken nextToken() throws IOException
    {
        final JsonToken token = super.nextToken();
        if (token == JsonToken.NOT_AVAILABLE && !getParsingContext().inRoot())
        {
            throw new JsonEOFException(this, null, "unexpected end of the command inside a JSON value");
        }
        return token;
    }

    @Override
    public JsonParser skipChildren() throws IOException
    {
        final JsonToken current = currentToken();
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY)
        {
            return this;
        }
        int open = 1;
        while (open > 0)
        {
            final JsonToken token = nextToken();
            if (token == null)
            {
                throw new JsonEOFException(this, null, "unexpected end of the command inside a JSON value");
            }
            if (token.isStructStart())
            {
                open++;
            }
            else if (token.isStructEnd())
            {
                open--;
            }
        }
        return this;
    }

    /** Makes {@link WholeCommandJsonParser}s the way {@code JsonFactory.createNonBlockingByteArrayParser()} makes its own. */
    static final class Factory extends JsonFactory
    {
        private static final long serialVersionUID = 1L;

        Factory(final JsonFactoryBuilder builder)
        {
            super(builder);
        }

        WholeCommandJsonParser newParser()
        {
            return new WholeCommandJsonParser(
                _createNonBlockingContext(null), _parserFeatures, _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures));
        }
    }
}
