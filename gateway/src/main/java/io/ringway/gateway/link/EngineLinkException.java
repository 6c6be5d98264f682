package io.ringway.gateway.link;

/** A gateway could not attach to its engine over the network link: unreachable, refused, or silent. */
public final class EngineLinkException extends RuntimeException
{
    private final boolean idInUse;

    public EngineLinkException(final String message, final Throwable cause)
    {
        this(message, cause, false);
    }

    EngineLinkException(final String message, final Throwable cause, final boolean idInUse)
    {
        super(message, cause);
        this.idInUse = idInUse;
    }

    /** Whether the engine refused because another link holds the gateway id (worth asking again, a moment later). */
    public boolean idInUse()
    {
        return idInUse;
    }
}
