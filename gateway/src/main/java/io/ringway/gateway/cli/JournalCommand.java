package io.ringway.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ringway journal <command>}: offline tools that read a journal without changing it. */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Inspect a journal offline (it may be read while a server writes it).",
    subcommands = {JournalDumpCommand.class})
final class JournalCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
