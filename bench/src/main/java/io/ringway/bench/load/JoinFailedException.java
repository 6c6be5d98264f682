package io.ringway.bench.load;

/**
 * A connection failed before its join was acknowledged, for a reason the server gave. Besides the
 * message for the user (which names the connection), it carries a short {@link #reason()} without
 * user names, so the conns scenario can count failures by reason.
 */
public final class JoinFailedException extends LoadException
{
    private static final long serialVersionUID = 1L;

    private final String reason;

    public JoinFailedException(final String message, final String reason)
    {
        super(message);
        this.reason = reason;
    }

    public String reason()
    {
        return reason;
    }
}
