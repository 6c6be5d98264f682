package io.ringway.bench.load;

/**
 * Which rate the max-rate scenario tries next. Up geometrically from the start rate while steps
 * pass; once one fails, bisect between the highest passing and the lowest failing rate until they
 * are within {@code precision} of each other. If the very first rate fails, go down geometrically
 * until one passes, then bisect the same way. Never more than {@code maxSteps} steps, never above
 * {@code rateCap}. Pure bookkeeping: the caller runs the steps.
 */
public final class RateSearch
{
    private final long startRate;
    private final double growth;
    private final long rateCap;
    private final double precision;
    private final int maxSteps;

    private long highestPass;
    private long lowestFail = Long.MAX_VALUE;
    private int steps;
    private String stopReason;

    /**
     * @param startRate first rate tried, msg/s
     * @param growth    factor between rates while stepping (> 1)
     * @param rateCap   highest rate ever tried
     * @param precision bisection stops when (fail − pass) ≤ precision × pass, e.g. 0.05
     * @param maxSteps  most steps in all
     */
    public RateSearch(final long startRate, final double growth, final long rateCap, final double precision, final int maxSteps)
    {
        if (startRate < 1 || growth <= 1.0 || rateCap < startRate || precision <= 0 || maxSteps < 1)
        {
            throw new IllegalArgumentException(
                "need --start-rate >= 1, --growth > 1, --rate-cap >= --start-rate, --precision > 0, --max-steps >= 1");
        }
        this.startRate = startRate;
        this.growth = growth;
        this.rateCap = rateCap;
        this.precision = precision;
        this.maxSteps = maxSteps;
    }

    /** The next rate to try, or 0 when the search is over (see {@link #stopReason()}). */
    public long next()
    {
        if (stopReason != null)
        {
            return 0;
        }
        if (steps >= maxSteps)
        {
            return stop("--max-steps (" + maxSteps + ") reached");
        }
        if (steps == 0)
        {
            return startRate;
        }
        if (lowestFail == Long.MAX_VALUE)
        {
            if (highestPass >= rateCap)
            {
                return stop("passed at the rate cap (" + rateCap + " msg/s)");
            }
            return Math.min(rateCap, Math.max(highestPass + 1, (long)Math.ceil(highestPass * growth)));
        }
        if (highestPass == 0)
        {
            final long lower = (long)Math.floor(lowestFail / growth);
            if (lower < 1 || lower >= lowestFail)
            {
                return stop("even " + lowestFail + " msg/s failed");
            }
            return lower;
        }
        if (lowestFail - highestPass <= Math.max(1.0, highestPass * precision))
        {
            return stop(String.format(java.util.Locale.ROOT, "converged: %d passed, %d failed (within %.0f %%)",
                highestPass, lowestFail, precision * 100));
        }
        return highestPass + (lowestFail - highestPass) / 2;
    }

    /** Records the outcome of a step at {@code rate}. */
    public void record(final long rate, final boolean passed)
    {
        steps++;
        if (passed)
        {
            highestPass = Math.max(highestPass, rate);
        }
        else
        {
            lowestFail = Math.min(lowestFail, rate);
        }
    }

    /** The highest rate that passed, 0 if none did. */
    public long found()
    {
        return highestPass;
    }

    /** The lowest rate that failed, or 0 if none did. */
    public long lowestFail()
    {
        return lowestFail == Long.MAX_VALUE ? 0 : lowestFail;
    }

    public int steps()
    {
        return steps;
    }

    /** Why the search ended, or null while it goes on. */
    public String stopReason()
    {
        return stopReason;
    }

    private long stop(final String reason)
    {
        stopReason = reason;
        return 0;
    }
}
