package io.ringway.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code ringway <command>}: the one entry point of the runnable jar. */
@Command(
    name = "ringway",
    mixinStandardHelpOptions = true,
    version = "ringway 0.1.0",
    description = "Low-latency real-time messaging gateway and journaled single-writer engine.",
    subcommands = {ServerCommand.class, GatewayCommand.class, ReplayCommand.class, JournalCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class RingwayMain implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        // Chronicle otherwise writes analytics files under the home directory and calls out to the network.
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as {@link #main} runs it. Output is UTF-8 whatever the locale: room and user names
     * are UTF-8, and JSON Lines ({@code journal dump --format json}) must be.
     */
    public static CommandLine commandLine()
    {
        // Built on the PrintStreams themselves (not on a Writer over them) so checkError() sees their errors:
        // that is how a dump notices a closed pipe (| head) and stops.
        return new CommandLine(new RingwayMain())
            .setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
