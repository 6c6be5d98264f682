package io.ringway.journal;

/**
 * A document's commit failed, and whether the document reached the journal anyway cannot be told.
 * The writer must stop appending: a reader (a restart's replay) may find the document, so its
 * commands must neither be answered as applied nor have their sequence numbers reused.
 */
public final class JournalCommitUnknownException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalCommitUnknownException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
