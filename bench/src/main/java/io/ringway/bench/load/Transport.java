package io.ringway.bench.load;

import picocli.CommandLine;

import java.util.Locale;

/**
 * How the load generator talks to the server (PROTOCOL.md sections 1 and 2).
 */
public enum Transport
{
    /** WebSocket text frames carrying client JSON. */
    WS_JSON("ws-json", false),
    /** WebSocket binary messages carrying binary frames ({@code ?encoding=binary}). */
    WS_BINARY("ws-binary", true),
    /** Raw TCP carrying binary frames. */
    TCP("tcp", true);

    private final String label;
    private final boolean binaryFramed;

    Transport(final String label, final boolean binaryFramed)
    {
        this.label = label;
        this.binaryFramed = binaryFramed;
    }

    public String label()
    {
        return label;
    }

    /** True when the wire carries binary frames (length | version | type | flags | payload). */
    public boolean binaryFramed()
    {
        return binaryFramed;
    }

    public boolean webSocket()
    {
        return this != TCP;
    }

    public static Transport fromLabel(final String label)
    {
        final String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (final Transport transport : values())
        {
            if (transport.label.equals(wanted) || transport.name().equalsIgnoreCase(wanted))
            {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + label + "' (expected ws-json, ws-binary or tcp)");
    }

    @Override
    public String toString()
    {
        return label;
    }

    /** picocli: {@code --transport ws-json|ws-binary|tcp}. */
    public static final class Converter implements CommandLine.ITypeConverter<Transport>
    {
        @Override
        public Transport convert(final String value)
        {
            try
            {
                return fromLabel(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /** picocli completion candidates and the help text's {@code ${COMPLETION-CANDIDATES}}. */
    public static final class Labels extends java.util.ArrayList<String>
    {
        private static final long serialVersionUID = 1L;

        public Labels()
        {
            for (final Transport transport : values())
            {
                add(transport.label);
            }
        }
    }
}
