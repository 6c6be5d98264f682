package io.ringway.gateway.cli;

import io.ringway.engine.link.OutboundDelivery;

/**
 * How many threads a command crosses in the embedded server: {@code --engine-threads} and
 * {@code --outbound-delivery}, each {@code auto} by default. On 2 cores or fewer, auto is the
 * fewest threads (1 engine thread that journals then applies, and the dispatcher run by it):
 * measured there against the LMAX layout (journaller, logic and dispatcher threads), rtt p50
 * 96-99 vs 127 µs and 1 → 1,000 fan-out 842-957 k vs 594 k deliveries/s (docs/performance/TUNING.md).
 * With more cores, auto keeps each stage on its own thread, which is what those cores are for
 * (not measured here).
 */
final class ThreadLayout
{
    static final String AUTO = "auto";
    static final int FEW_CORES = 2;

    private ThreadLayout()
    {
    }

    static boolean fewCores(final int cores)
    {
        return cores <= FEW_CORES;
    }

    /** @throws IllegalArgumentException for anything but auto, 1 or 2 */
    static int engineThreads(final String value, final int cores)
    {
        if (AUTO.equalsIgnoreCase(value))
        {
            return fewCores(cores) ? 1 : 2;
        }
        if ("1".equals(value) || "2".equals(value))
        {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException("--engine-threads must be auto, 1 or 2, not " + value);
    }

    /** @throws IllegalArgumentException for anything but auto, ring or direct (any case) */
    static OutboundDelivery outboundDelivery(final String value, final int cores)
    {
        if (AUTO.equalsIgnoreCase(value))
        {
            return fewCores(cores) ? OutboundDelivery.DIRECT : OutboundDelivery.RING;
        }
        for (final OutboundDelivery delivery : OutboundDelivery.values())
        {
            if (delivery.name().equalsIgnoreCase(value))
            {
                return delivery;
            }
        }
        throw new IllegalArgumentException("--outbound-delivery must be auto, ring or direct, not " + value);
    }
}
