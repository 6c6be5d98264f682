package io.ringway.bench.load;

/** Nothing answers at the target address (connection refused, timed out, handshake failed). */
public final class ServerUnreachableException extends LoadException
{
    private static final long serialVersionUID = 1L;

    public ServerUnreachableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
