package io.ringway.bench.load;

/** The server sent bytes that are not NATS server protocol (or a size we refuse). */
public final class NatsProtocolException extends LoadException
{
    private static final long serialVersionUID = 1L;

    public NatsProtocolException(final String message)
    {
        super(message);
    }
}
