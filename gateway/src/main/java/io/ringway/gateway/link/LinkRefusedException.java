package io.ringway.gateway.link;

/** The engine answered a HELLO with LINK_REFUSED: its reason, as opposed to a link that failed or closed before an answer. */
final class LinkRefusedException extends IllegalStateException
{
    LinkRefusedException(final String reason)
    {
        super(reason);
    }
}
