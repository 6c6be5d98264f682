package io.ringway.gateway.link;

/** A gateway could not attach to its engine over the network link: unreachable, refused, or silent. */
public final class EngineLinkException extends RuntimeException
{
    public EngineLinkException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
