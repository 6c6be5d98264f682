package io.ringway.gateway.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Turns one {@link DecodedCommand} into one line of a journal dump (no line separator). */
interface CommandFormatter
{
    /** Always three fraction digits, so timestamps line up and sort as text. */
    DateTimeFormatter ISO_UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    String format(DecodedCommand command);

    static String isoTimestamp(final long timestampMs)
    {
        return ISO_UTC_MILLIS.format(Instant.ofEpochMilli(timestampMs));
    }
}
