package io.ringway.gateway.cli;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalRecordHandler;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;

/**
 * Prints the records of a journal whose sequence is in {@code [from, to]}, one line each. Reads
 * through the journal's record API only, so it does not care how records are packed on disk.
 * Sequences only grow, so it stops at the first record past {@code to}; it also stops when the
 * output is gone (a {@code | head} that has seen enough), instead of reading the rest for nothing.
 */
final class JournalDumper implements JournalRecordHandler
{
    /** Checking the output for errors flushes it: do it every so many lines, not after each one. */
    private static final int OUTPUT_CHECK_INTERVAL = 1024;

    private final CommandFormatter formatter;
    private final long fromSequence;
    private final long toSequence;
    private final PrintWriter out;
    private final LinkCommandDecoder decoder = new LinkCommandDecoder();

    private long printed;
    private long firstPrinted;
    private long lastPrinted;
    private long problems;
    private boolean pastEnd;
    private boolean outputClosed;

    JournalDumper(final CommandFormatter formatter, final long fromSequence, final long toSequence, final PrintWriter out)
    {
        this.formatter = formatter;
        this.fromSequence = fromSequence;
        this.toSequence = toSequence;
        this.out = out;
    }

    /**
     * Dumps the selected records.
     *
     * @throws io.ringway.journal.JournalException when the journal itself is unreadable past some point
     *         (the records printed so far are out, and {@link #summary()} counts them)
     */
    DumpSummary dump(final Journal journal)
    {
        try (JournalReader reader = journal.reader())
        {
            while (!pastEnd && !outputClosed && reader.read(this))
            {
                // each record goes through onRecord
            }
        }
        finally
        {
            out.flush();
        }
        return summary();
    }

    DumpSummary summary()
    {
        return new DumpSummary(printed, firstPrinted, lastPrinted, problems, outputClosed);
    }

    @Override
    public void onRecord(final long sequence, final long timestampMs, final DirectBuffer command, final int offset, final int length)
    {
        if (sequence < fromSequence)
        {
            return;
        }
        if (sequence > toSequence)
        {
            pastEnd = true;
            return;
        }
        DecodedCommand decoded;
        String line;
        try
        {
            decoded = DecodedCommand.decode(sequence, timestampMs, command, offset, length, decoder);
            line = formatter.format(decoded);
        }
        catch (final RuntimeException ex)
        {
            // Decoding is written not to throw on any bytes; if it still does, show the record raw and go on.
            final byte[] raw = new byte[length];
            command.getBytes(offset, raw);
            decoded = DecodedCommand.undisplayable(sequence, timestampMs, raw, "could not be shown: " + ex);
            line = formatter.format(decoded);
        }
        out.println(line);
        if (decoded.kind() != DecodedCommand.Kind.COMMAND)
        {
            problems++;
        }
        if (printed++ == 0)
        {
            firstPrinted = sequence;
        }
        lastPrinted = sequence;
        if (printed % OUTPUT_CHECK_INTERVAL == 0 && out.checkError())
        {
            outputClosed = true;
        }
    }

    /**
     * @param printed      records printed
     * @param firstPrinted sequence of the first one (0 when none)
     * @param lastPrinted  sequence of the last one (0 when none)
     * @param problems     records printed as UNKNOWN or MALFORMED
     * @param outputClosed whether the dump stopped because its output could no longer be written
     */
    record DumpSummary(long printed, long firstPrinted, long lastPrinted, long problems, boolean outputClosed)
    {
    }
}
