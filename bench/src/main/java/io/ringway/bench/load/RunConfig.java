package io.ringway.bench.load;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything one run needs.
 *
 * @param scenario           rtt or fanout
 * @param target             where to connect (transport included): the publisher, and the first of the fanout subscribers
 * @param subscriberTargets  more endpoints of the same system (linked gateways) that fanout subscribers are spread over,
 *                           round-robin with {@code target}; empty for one endpoint
 * @param rate               messages per second the publisher sends
 * @param durationS          measured seconds
 * @param warmupS            seconds sent first and left out of the results
 * @param subscribers        fanout subscribers (rtt: ignored)
 * @param payloadBytes       size of each message's {@code data}
 * @param room               room name
 * @param runTag             unique prefix of the run's user names
 * @param drainS             how long to wait after the last send for stragglers
 * @param ioThreads          client Netty event-loop threads
 * @param connectConcurrency connections being opened at once
 * @param serverPids         server processes for CPU accounting (summed), or none
 */
public record RunConfig(
    Scenario scenario,
    LoadTarget target,
    List<LoadTarget> subscriberTargets,
    long rate,
    int durationS,
    int warmupS,
    int subscribers,
    int payloadBytes,
    String room,
    String runTag,
    int drainS,
    int ioThreads,
    int connectConcurrency,
    ServerPids serverPids)
{
    /** Upper bound on messages per run: two long[] of send times are preallocated. */
    public static final long MAX_MESSAGES = 50_000_000L;

    /** A run is aborted this long after its warm-up + duration, whatever it is doing. */
    public static final int BOUND_SLACK_S = 30;

    public RunConfig
    {
        subscriberTargets = List.copyOf(subscriberTargets);
        if (!subscriberTargets.isEmpty() && scenario != Scenario.FANOUT)
        {
            throw new IllegalArgumentException("--subscriber-url and --subscriber-tcp are for fanout: " + scenario.label() + " has no subscribers");
        }
        for (final LoadTarget endpoint : subscriberTargets)
        {
            if (endpoint.transport() != target.transport())
            {
                throw new IllegalArgumentException("subscriber endpoint " + endpoint + " is " + endpoint.transport() + ", the target " + target.transport());
            }
            if (endpoint.secure() != target.secure())
            {
                // a run that mixes TLS and plain connections measures neither
                throw new IllegalArgumentException("subscriber endpoint " + endpoint + (endpoint.secure() ? " is TLS, " : " is plain, ")
                    + "the target " + target + (target.secure() ? " TLS" : " plain") + ": give every endpoint the same");
            }
        }
        if (rate <= 0)
        {
            throw new IllegalArgumentException("--rate must be > 0");
        }
        if (durationS <= 0)
        {
            throw new IllegalArgumentException("--duration-s must be > 0");
        }
        if (warmupS < 0)
        {
            throw new IllegalArgumentException("--warmup-s must be >= 0");
        }
        if (scenario == Scenario.FANOUT && subscribers < 1)
        {
            throw new IllegalArgumentException("--subscribers must be >= 1");
        }
        if (payloadBytes < 0 || payloadBytes > 60_000)
        {
            throw new IllegalArgumentException("--payload-bytes must be 0..60000 (the server's default frame limit is 65536)");
        }
        if (drainS < 0 || drainS > 20)
        {
            throw new IllegalArgumentException("--drain-s must be 0..20 (the run is bounded to warm-up + duration + " + BOUND_SLACK_S + " s)");
        }
        if (ioThreads < 1 || connectConcurrency < 1)
        {
            throw new IllegalArgumentException("--io-threads and --connect-concurrency must be >= 1");
        }
        if (totalMessages(rate, durationS, warmupS) > MAX_MESSAGES)
        {
            throw new IllegalArgumentException("rate x (warm-up + duration) must be at most " + MAX_MESSAGES + " messages");
        }
        LoadMessages.requireSafeName("room", room);
        LoadMessages.requireSafeName("user", runTag + "-pub");
    }

    static long totalMessages(final long rate, final int durationS, final int warmupS)
    {
        return RateSchedule.messagesWithin(rate, (long)durationS + warmupS, warmupRampNs(warmupS));
    }

    /** The rate ramps up over the first half of the warm-up, in whole seconds (see {@link RateSchedule}). */
    static long warmupRampNs(final int warmupS)
    {
        return TimeUnit.SECONDS.toNanos(Math.max(0, warmupS) / 2);
    }

    public long warmupRampNs()
    {
        return warmupRampNs(warmupS);
    }

    public int totalMessages()
    {
        return Math.toIntExact(totalMessages(rate, durationS, warmupS));
    }

    public int warmupMessages()
    {
        return Math.toIntExact(RateSchedule.messagesWithin(rate, Math.max(0, warmupS), warmupRampNs(warmupS)));
    }

    /** Deliveries each measured message should produce: the publisher itself (rtt) or every subscriber. */
    public int recipientsPerMessage()
    {
        return scenario == Scenario.RTT ? 1 : subscribers;
    }

    /** The hard bound: warm-up + duration + {@link #BOUND_SLACK_S}. */
    public long boundNs()
    {
        return ((long)warmupS + durationS + BOUND_SLACK_S) * 1_000_000_000L;
    }

    /** Where fanout subscriber {@code index} connects: {@code target} and then each subscriber target, round-robin. */
    public LoadTarget subscriberTarget(final int index)
    {
        final int endpoints = 1 + subscriberTargets.size();
        final int slot = index % endpoints;
        return slot == 0 ? target : subscriberTargets.get(slot - 1);
    }

    /** Same run with another rate, subscriber count, room and tag (sweeps). */
    public RunConfig with(final long newRate, final int newSubscribers, final String newRoom, final String newTag)
    {
        return new RunConfig(scenario, target, subscriberTargets, newRate, durationS, warmupS, newSubscribers, payloadBytes, newRoom,
            newTag, drainS, ioThreads, connectConcurrency, serverPids);
    }
}
