package io.ringway.gateway;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineLink;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake engine for gateway unit tests: records, decoded, every command the gateway offers, and
 * can be told to refuse them (a full ring). Not thread-safe: tests drive it from one thread.
 */
public final class RecordingEngineLink implements EngineLink
{
    /** One offered command, decoded with {@link LinkCommandDecoder}; {@code state} is TYPING's. */
    public record Command(int type, int gatewayId, long sessionId, String corrId, String name, byte[] data, int state)
    {
        public String typeName()
        {
            return LinkType.name(type);
        }

        public String dataAsString()
        {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final int gatewayId;
    private final LinkCommandDecoder decoder = new LinkCommandDecoder();
    private final List<Command> commands = new ArrayList<>();
    private boolean refusing;
    private int refused;
    private boolean closed;
    private Error failNextOffer;

    public RecordingEngineLink(final int gatewayId)
    {
        this.gatewayId = gatewayId;
    }

    @Override
    public int gatewayId()
    {
        return gatewayId;
    }

    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final Error failure = failNextOffer;
        if (failure != null)
        {
            failNextOffer = null;
            throw failure;
        }
        if (refusing)
        {
            refused++;
            return false;
        }
        if (!decoder.wrap(buffer, offset, length))
        {
            throw new AssertionError("the gateway offered a link command that does not decode (" + length + " bytes)");
        }
        final byte[] data = new byte[decoder.dataLength()];
        buffer.getBytes(decoder.dataOffset(), data);
        commands.add(new Command(decoder.type(), decoder.gatewayId(), decoder.sessionId(),
            decoder.corrIdLength() == 0 ? null : decoder.corrId(),
            decoder.nameLength() == 0 ? null : decoder.name(),
            data, decoder.state()));
        return true;
    }

    /** The next offer throws this (an engine out of memory copying the command), once. */
    public void failNextOffer(final Error failure)
    {
        this.failNextOffer = failure;
    }

    /** While true every offer returns false, as a saturated ring does. */
    public void refuse(final boolean refusing)
    {
        this.refusing = refusing;
    }

    public int refused()
    {
        return refused;
    }

    public List<Command> commands()
    {
        return commands;
    }

    public List<Command> commandsOfType(final int type)
    {
        return commands.stream().filter(c -> c.type() == type).toList();
    }

    /** The only command recorded; fails when there is not exactly one. */
    public Command single()
    {
        if (commands.size() != 1)
        {
            throw new AssertionError("expected exactly one command, got " + commands.stream().map(Command::typeName).toList());
        }
        return commands.get(0);
    }

    public void clear()
    {
        commands.clear();
    }

    /** Whether {@link #close()} was called: a gateway detached from the engine. */
    public boolean isClosed()
    {
        return closed;
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
