package io.ringway.journal;

/** A journal that cannot be opened, appended to or read. */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
