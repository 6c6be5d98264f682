package io.ringway.gateway.cli;

import io.ringway.engine.EngineConfig;
import io.ringway.journal.Journal;
import io.ringway.journal.JournalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringway journal dump}: prints journaled commands readably, for debugging. Commands go to
 * stdout, one per line; the summary goes to stderr so the output can be piped (to jq, grep) as is.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = {
        "Print journaled commands, one per line: seq, timestamp, type, gateway, session and the decoded fields.",
        "A command that does not decode is printed as UNKNOWN or MALFORMED with its bytes in hex, and the dump goes on.",
        "A summary goes to stderr."})
final class JournalDumpCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data", description = "Data directory holding journal/ (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1", description = "First engine sequence to print (default: ${DEFAULT-VALUE}).")
    long fromSequence;

    @Option(names = "--to", paramLabel = "SEQ", defaultValue = "" + Long.MAX_VALUE, description = "Last engine sequence to print (default: the end).")
    long toSequence;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = DumpFormat.Converter.class,
        description = "text: key=value fields; json: one JSON object per line, for jq (default: ${DEFAULT-VALUE}).")
    DumpFormat format;

    @Option(names = "--full", description = "Print data and bytes whole; by default they are cut after " + DataPreview.DEFAULT_LIMIT + " bytes.")
    boolean full;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final Path journalDir = EngineConfig.defaults(dataDir).journalDirectory();
        if (!Files.isDirectory(journalDir))
        {
            err.println("ringway journal dump: no journal at " + journalDir.toAbsolutePath() + " (give --data-dir, the server's data directory)");
            return 2;
        }
        if (toSequence < fromSequence)
        {
            err.println("ringway journal dump: --to " + toSequence + " is before --from " + fromSequence);
            return 2;
        }
        final JournalDumper dumper = new JournalDumper(
            format.formatter(full ? DataPreview.NO_LIMIT : DataPreview.DEFAULT_LIMIT), fromSequence, toSequence,
            spec.commandLine().getOut());
        try (Journal journal = Journal.openForReading(journalDir))
        {
            final JournalDumper.DumpSummary summary = dumper.dump(journal);
            err.println(summaryLine(summary, journal.lastSequence()));
            return 0;
        }
        catch (final JournalException ex)
        {
            err.println(summaryLine(dumper.summary(), -1));
            err.println("ringway journal dump: stopped, the journal cannot be read further: " + ex.getMessage());
            return 1;
        }
    }

    /** e.g. {@code ringway journal dump: 12 records printed, seq 1..12 (asked 1..end; journal last seq 12)}. */
    private String summaryLine(final JournalDumper.DumpSummary summary, final long journalLastSequence)
    {
        final StringBuilder line = new StringBuilder("ringway journal dump: ").append(summary.printed())
            .append(summary.printed() == 1 ? " record printed" : " records printed");
        if (summary.printed() > 0)
        {
            line.append(", seq ").append(summary.firstPrinted()).append("..").append(summary.lastPrinted());
        }
        line.append(" (asked ").append(fromSequence).append("..")
            .append(toSequence == Long.MAX_VALUE ? "end" : Long.toString(toSequence));
        if (journalLastSequence >= 0)
        {
            line.append("; journal last seq ").append(journalLastSequence);
        }
        if (summary.problems() > 0)
        {
            line.append("; ").append(summary.problems()).append(" unknown or malformed");
        }
        if (summary.outputClosed())
        {
            line.append("; output closed, stopped early");
        }
        return line.append(')').toString();
    }
}
