package io.ringway.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ringway <command>}: the one entry point of the runnable jar. */
@Command(
    name = "ringway",
    mixinStandardHelpOptions = true,
    version = "ringway 0.1.0",
    description = "Low-latency real-time messaging gateway and journaled single-writer engine.",
    subcommands = {ServerCommand.class, ReplayCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class RingwayMain implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        // Chronicle otherwise writes analytics files under the home directory and calls out to the network.
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        System.exit(new CommandLine(new RingwayMain()).execute(args));
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
