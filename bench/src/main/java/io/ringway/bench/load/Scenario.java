package io.ringway.bench.load;

/** What a run measures. */
public enum Scenario
{
    /** One client publishes to a room it is the only member of and times its own copies. */
    RTT("rtt"),
    /** One publisher, N subscribers in the room; every subscriber delivery is timed. */
    FANOUT("fanout");

    private final String label;

    Scenario(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }

    @Override
    public String toString()
    {
        return label;
    }
}
