package io.ringway.gateway.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The {@code json} dump format: one JSON object per line (JSON Lines), for jq and scripts.
 *
 * <p>Keys: {@code seq}, {@code ts} (ISO-8601 UTC), {@code ts_ms}, {@code type}, {@code type_id},
 * {@code gateway}, {@code session}, {@code length} (command bytes), then per type {@code corr_id},
 * {@code user} / {@code room} / {@code to} / {@code with}, {@code title}, {@code members} (an array) and {@code role} of the
 * group commands, and {@code data} with {@code data_bytes}. A data value that is
 * whole, valid JSON is embedded as JSON (so {@code jq .data.text} works); one that was cut is
 * {@code data_text} with {@code data_truncated: true}; one that is not printable UTF-8 is
 * {@code data_hex}. A command that does not decode has {@code type} {@code UNKNOWN} or
 * {@code MALFORMED}, an {@code error} and the whole command in {@code hex}.
 */
final class JsonCommandFormatter implements CommandFormatter
{
    private static final JsonFactory JSON = new JsonFactory();

    private final int limit;
    private final StringWriter line = new StringWriter(256);

    /** @param limit bytes of a value shown before it is cut ({@link DataPreview#NO_LIMIT} for all) */
    JsonCommandFormatter(final int limit)
    {
        this.limit = limit;
    }

    @Override
    public String format(final DecodedCommand command)
    {
        line.getBuffer().setLength(0);
        try (JsonGenerator json = JSON.createGenerator(line))
        {
            json.writeStartObject();
            json.writeNumberField("seq", command.sequence());
            json.writeStringField("ts", CommandFormatter.isoTimestamp(command.timestampMs()));
            json.writeNumberField("ts_ms", command.timestampMs());
            json.writeStringField("type", command.typeName());
            if (command.typeId() >= 0)
            {
                json.writeNumberField("type_id", command.typeId());
            }
            if (command.hasHeader())
            {
                json.writeNumberField("gateway", command.gatewayId());
                json.writeNumberField("session", command.sessionId());
            }
            json.writeNumberField("length", command.raw().length);
            if (command.kind() == DecodedCommand.Kind.COMMAND)
            {
                writeFields(json, command);
            }
            else
            {
                json.writeStringField("error", command.error());
                writeValue(json, "hex", DataPreview.hex(command.raw(), limit), false);
            }
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        return line.toString();
    }

    private void writeFields(final JsonGenerator json, final DecodedCommand command) throws IOException
    {
        if (command.corrId() != null && command.corrId().length > 0)
        {
            // the client's id exactly as it sent it: a string stays a string, a number a number
            writeValue(json, "corr_id", DataPreview.of(command.corrId(), DataPreview.NO_LIMIT), true);
        }
        if (command.nameField() != null)
        {
            final DataPreview name = DataPreview.ofText(command.name(), DataPreview.NO_LIMIT);
            // a room or user named 123 is still a name: never embed it as JSON
            writeValue(json, command.nameField(), name, false);
        }
        if (command.state() != null)
        {
            json.writeStringField("state", command.state());
        }
        final DecodedCommand.GroupFields group = command.group();
        if (group != null)
        {
            if (group.title() != null)
            {
                json.writeStringField("title", DataPreview.ofText(group.title(), DataPreview.NO_LIMIT).text());
            }
            if (group.members() != null)
            {
                json.writeArrayFieldStart("members");
                for (final byte[] member : group.members())
                {
                    json.writeString(DataPreview.ofText(member, DataPreview.NO_LIMIT).text());
                }
                json.writeEndArray();
            }
            if (group.user() != null)
            {
                writeValue(json, "user", DataPreview.ofText(group.user(), DataPreview.NO_LIMIT), false);
            }
            if (group.role() != null)
            {
                json.writeStringField("role", group.role());
            }
        }
        for (final java.util.Map.Entry<String, Object> field : command.history().entrySet())
        {
            if (field.getValue() instanceof String text)
            {
                json.writeStringField(field.getKey(), text);
            }
            else
            {
                json.writeNumberField(field.getKey(), (Long)field.getValue());
            }
        }
        if (command.data() != null)
        {
            final DataPreview data = DataPreview.of(command.data(), limit);
            writeValue(json, "data", data, true);
            json.writeNumberField("data_bytes", data.totalBytes());
        }
    }

    /**
     * {@code key}: embedded JSON (when allowed and the value is whole JSON) or a string;
     * {@code key_text} when a JSON-capable value is plain text; {@code key_hex} when not printable;
     * {@code key_truncated: true} when cut.
     */
    private static void writeValue(final JsonGenerator json, final String key, final DataPreview value, final boolean embedJson)
        throws IOException
    {
        switch (value.form())
        {
            case JSON:
                if (embedJson)
                {
                    json.writeFieldName(key);
                    json.writeRawValue(value.text());
                }
                else
                {
                    json.writeStringField(key, value.text());
                }
                break;
            case TEXT:
                json.writeStringField(embedJson ? key + "_text" : key, value.text());
                break;
            default:
                json.writeStringField("hex".equals(key) ? key : key + "_hex", value.text());
                break;
        }
        if (value.isCut())
        {
            json.writeBooleanField(key + "_truncated", true);
        }
    }
}
