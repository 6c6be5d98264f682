package io.ringway.gateway.cli;

import picocli.CommandLine;

import java.util.Locale;

/** The output formats of {@code ringway journal dump}. */
enum DumpFormat
{
    /** {@code key=value} fields, one command per line: for reading and grep. */
    TEXT
    {
        @Override
        CommandFormatter formatter(final int limit)
        {
            return new TextCommandFormatter(limit);
        }
    },
    /** One JSON object per line (JSON Lines): for jq and scripts. */
    JSON
    {
        @Override
        CommandFormatter formatter(final int limit)
        {
            return new JsonCommandFormatter(limit);
        }
    };

    /** @param limit bytes of a value shown before it is cut ({@link DataPreview#NO_LIMIT} for all) */
    abstract CommandFormatter formatter(int limit);

    /** Reads {@code text} / {@code json} in any case, as users type them, whatever the CommandLine's settings. */
    static final class Converter implements CommandLine.ITypeConverter<DumpFormat>
    {
        @Override
        public DumpFormat convert(final String value)
        {
            try
            {
                return DumpFormat.valueOf(value.toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use text or json");
            }
        }
    }
}
