package io.ringway.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether one max-rate step kept up: p99 from the intended send time within the limit, nothing
 * lost, no errors or early closes, and the sender itself on schedule. A step that fails says why.
 *
 * @param passed  true when every condition held
 * @param reasons what failed (empty when passed)
 */
public record StepVerdict(boolean passed, List<String> reasons)
{
    /** The sender must reach this fraction of the asked rate over the measured part. */
    public static final double MIN_SEND_FRACTION = 0.95;

    public static StepVerdict judge(final RunResult r, final double p99LimitUs)
    {
        final List<String> reasons = new ArrayList<>();
        if (r.aborted)
        {
            reasons.add("aborted: " + r.abortReason);
        }
        if (r.received == 0)
        {
            reasons.add("nothing received");
        }
        if (r.lost > 0)
        {
            reasons.add(String.format(Locale.ROOT, "lost %,d", r.lost));
        }
        if (!r.errors.isEmpty())
        {
            reasons.add("errors " + r.errors);
        }
        if (!r.earlyCloses.isEmpty())
        {
            reasons.add("early closes " + r.earlyCloses);
        }
        final long rate = r.config.rate();
        final double sendRate = sendRate(r);
        if (sendRate < rate * MIN_SEND_FRACTION)
        {
            reasons.add(String.format(Locale.ROOT, "sender fell behind: %,.0f of %,d msg/s", sendRate, rate));
        }
        final double p99 = r.intended().p99();
        if (p99 > p99LimitUs)
        {
            reasons.add(String.format(Locale.ROOT, "p99 %,.1f µs > %,.0f µs", p99, p99LimitUs));
        }
        return new StepVerdict(reasons.isEmpty(), List.copyOf(reasons));
    }

    /**
     * The rate the sender kept over the measured part: n messages sent from the first measured due
     * time to the end are n − 1 intervals. (The summary's achievedSendRate divides n by the window,
     * which at a few msg/s would read as falling behind when the sender was on time.)
     */
    static double sendRate(final RunResult r)
    {
        if (r.sentMeasured < 2 || r.measuredWindowS <= 0)
        {
            return r.achievedSendRate;
        }
        return (r.sentMeasured - 1) / r.measuredWindowS;
    }
}
