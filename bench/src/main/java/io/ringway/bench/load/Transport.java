package io.ringway.bench.load;

import picocli.CommandLine;

import java.util.Locale;

/**
 * How the load generator talks to the server: Ringway's wire formats (PROTOCOL.md sections 1
 * and 2), or the NATS client protocol over NATS's WebSocket listener for comparisons.
 */
public enum Transport
{
    /** WebSocket text frames carrying client JSON. */
    WS_JSON("ws-json", LoadMessages.Wire.CLIENT_JSON),
    /** WebSocket binary messages carrying binary frames ({@code ?encoding=binary}). */
    WS_BINARY("ws-binary", LoadMessages.Wire.BINARY_FRAMES),
    /** Raw TCP carrying binary frames. */
    TCP("tcp", LoadMessages.Wire.BINARY_FRAMES),
    /** A nats-server's WebSocket listener: NATS text protocol lines in binary WebSocket messages. */
    NATS_WS("nats-ws", LoadMessages.Wire.NATS);

    private final String label;
    private final LoadMessages.Wire wire;

    Transport(final String label, final LoadMessages.Wire wire)
    {
        this.label = label;
        this.wire = wire;
    }

    public String label()
    {
        return label;
    }

    /** True when the wire carries binary frames (length | version | type | flags | payload). */
    public boolean binaryFramed()
    {
        return wire == LoadMessages.Wire.BINARY_FRAMES;
    }

    /** What the publisher's messages look like on this transport. */
    public LoadMessages.Wire wire()
    {
        return wire;
    }

    public boolean webSocket()
    {
        return this != TCP;
    }

    /** True for a NATS server rather than Ringway. */
    public boolean nats()
    {
        return wire == LoadMessages.Wire.NATS;
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
        throw new IllegalArgumentException("unknown transport '" + label + "' (expected ws-json, ws-binary, tcp or nats-ws)");
    }

    @Override
    public String toString()
    {
        return label;
    }

    /** picocli: {@code --transport ws-json|ws-binary|tcp|nats-ws}. */
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
