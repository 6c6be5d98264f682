package io.ringway.engine;

/**
 * Engine state snapshots (PROTOCOL.md, "Snapshots"): start-up loads the newest valid one and replays only the
 * journal after it.
 *
 * @param enabled       write snapshots, and start from them; off: every start replays the whole journal
 * @param everyCommands take a snapshot each time this many more commands have been applied (counted in engine
 *                      sequences, so the trigger is the same on every run); one is also written on a clean close
 * @param keep          snapshot files kept, newest first; older ones are deleted after each write
 */
public record SnapshotConfig(boolean enabled, long everyCommands, int keep)
{
    public static final long DEFAULT_EVERY_COMMANDS = 1_000_000;
    public static final int DEFAULT_KEEP = 2;
    /** No snapshots: what the engine did before them, and the default of {@link EngineConfig}'s shorter constructors. */
    public static final SnapshotConfig DISABLED = new SnapshotConfig(false, DEFAULT_EVERY_COMMANDS, DEFAULT_KEEP);

    public SnapshotConfig
    {
        if (everyCommands < 1)
        {
            throw new IllegalArgumentException("snapshot everyCommands must be >= 1");
        }
        if (keep < 1)
        {
            throw new IllegalArgumentException("snapshot keep must be >= 1");
        }
    }

    /** Enabled, every {@link #DEFAULT_EVERY_COMMANDS} commands, keeping {@link #DEFAULT_KEEP}. */
    public static SnapshotConfig defaults()
    {
        return new SnapshotConfig(true, DEFAULT_EVERY_COMMANDS, DEFAULT_KEEP);
    }
}
