package io.ringway.bench.load;

/** A run could not go ahead: the message says why, for the user. */
public class LoadException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public LoadException(final String message)
    {
        super(message);
    }

    public LoadException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
