package io.ringway.gateway.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The {@code text} dump format: {@code key=value} fields after the type, one command per line,
 * easy to read and to grep. Field names match the {@code json} format's keys.
 *
 * <pre>
 * seq=5 ts=2026-05-20T10:02:05.015Z ts_ms=1779271325015 PUBLISH gateway=1 session=1048577 corr_id="2" room=lobby data={"text":"hello"}
 * seq=6 ts=2026-05-20T10:02:05.020Z ts_ms=1779271325020 ADD_MEMBER gateway=1 session=1048577 corr_id="3" room=team-a user=dave role=admin
 * seq=9 ts=2026-05-20T10:02:06.001Z ts_ms=1779271326001 MALFORMED type_id=0x05 gateway=1 session=7 length=30 error="..." hex=1e00...
 * </pre>
 */
final class TextCommandFormatter implements CommandFormatter
{
    private final int limit;

    /** @param limit bytes of a value shown before it is cut ({@link DataPreview#NO_LIMIT} for all) */
    TextCommandFormatter(final int limit)
    {
        this.limit = limit;
    }

    @Override
    public String format(final DecodedCommand command)
    {
        final StringBuilder line = new StringBuilder(128);
        line.append("seq=").append(command.sequence())
            .append(" ts=").append(CommandFormatter.isoTimestamp(command.timestampMs()))
            .append(" ts_ms=").append(command.timestampMs())
            .append(' ').append(command.typeName());
        if (command.kind() != DecodedCommand.Kind.COMMAND && command.typeId() >= 0)
        {
            line.append(" type_id=").append(DecodedCommand.hex(command.typeId()));
        }
        if (command.hasHeader())
        {
            line.append(" gateway=").append(command.gatewayId()).append(" session=").append(command.sessionId());
        }
        if (command.kind() != DecodedCommand.Kind.COMMAND)
        {
            line.append(" length=").append(command.raw().length);
            line.append(" error=").append(quoted(command.error()));
            appendValue(line, "hex", DataPreview.hex(command.raw(), limit));
            return line.toString();
        }
        if (command.corrId() != null && command.corrId().length > 0)
        {
            // the raw JSON token the client sent ("7" or 7), shown as is: it is what the client will see echoed
            appendValue(line, "corr_id", DataPreview.of(command.corrId(), DataPreview.NO_LIMIT));
        }
        if (command.nameField() != null)
        {
            final DataPreview name = DataPreview.ofText(command.name(), DataPreview.NO_LIMIT);
            if (name.form() == DataPreview.Form.HEX)
            {
                appendValue(line, command.nameField(), name);
            }
            else
            {
                line.append(' ').append(command.nameField()).append('=').append(bareOrQuoted(name.text()));
            }
        }
        if (command.state() != null)
        {
            line.append(" state=").append(command.state());
        }
        if (command.group() != null)
        {
            appendGroupFields(line, command.group());
        }
        command.history().forEach((key, value) -> line.append(' ').append(key).append('=')
            .append(value instanceof String text ? bareOrQuoted(text) : value));
        if (command.data() != null)
        {
            appendValue(line, "data", DataPreview.of(command.data(), limit));
        }
        return line.toString();
    }

    /** {@code title=... members=bob,carol} (CREATE_GROUP), {@code user=dave role=admin} (ADD_MEMBER), {@code user=bob} (REMOVE_MEMBER). */
    private static void appendGroupFields(final StringBuilder line, final DecodedCommand.GroupFields group)
    {
        if (group.title() != null)
        {
            line.append(" title=").append(quoted(DataPreview.ofText(group.title(), DataPreview.NO_LIMIT).text()));
        }
        if (group.members() != null)
        {
            // a JSON array of strings: unambiguous whatever the ids hold, commas included
            final StringBuilder members = new StringBuilder("[");
            for (int i = 0; i < group.members().size(); i++)
            {
                members.append(i == 0 ? "" : ",")
                    .append(quoted(DataPreview.ofText(group.members().get(i), DataPreview.NO_LIMIT).text()));
            }
            line.append(" members=").append(members.append(']'));
        }
        if (group.user() != null)
        {
            line.append(" user=").append(bareOrQuoted(DataPreview.ofText(group.user(), DataPreview.NO_LIMIT).text()));
        }
        if (group.role() != null)
        {
            line.append(" role=").append(group.role());
        }
    }

    /** {@code key=text}, or {@code key_hex=digits} when not printable, then a marker when cut. */
    private static void appendValue(final StringBuilder line, final String key, final DataPreview value)
    {
        line.append(' ').append(key);
        if (value.form() == DataPreview.Form.HEX && !"hex".equals(key))
        {
            line.append("_hex");
        }
        line.append('=').append(escapeControls(value.text()));
        if (value.isCut())
        {
            line.append("...[+").append(value.omittedBytes()).append(" bytes]");
        }
    }

    /** A name as is when it reads unambiguously in a {@code key=value} line, else as a JSON string literal. */
    private static String bareOrQuoted(final String name)
    {
        if (name.isEmpty())
        {
            return "\"\"";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '"' || c == '=')
            {
                return quoted(name);
            }
        }
        return name;
    }

    private static String quoted(final String text)
    {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Tab, CR and LF (the only controls printable text may hold) as escapes, so a command stays on one line. */
    private static String escapeControls(final String text)
    {
        if (text.indexOf('\t') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0)
        {
            return text;
        }
        return text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }
}
