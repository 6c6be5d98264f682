package io.ringway.gateway.session;

import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Rate limit of one connection's typing commands, applied before they reach the engine. What it
 * holds back is dropped silently: typing is ephemeral, receivers expire a {@code start} after
 * {@link #EXPIRES_IN_MS} on their own, and a client keeps sending {@code start} while its user types.
 *
 * <ul>
 *   <li>Per room: a {@code start} while already typing (a refresh) goes on at most once per
 *       {@link #START_INTERVAL_MS}; a {@code stop} only after a {@code start} went on. So a
 *       state change is never held back by the per-room rule, and repeats are.</li>
 *   <li>Per connection: at most {@link #MAX_PER_SECOND} typing commands a second, all rooms together.</li>
 * </ul>
 *
 * The last {@link #ROOMS} rooms used are tracked (room names by 64-bit hash); a room beyond them
 * evicts the least recently used one, whose next command then goes on as if it were the first.
 * Reads the gateway's clock (the gateway is not replayed). Event loop only; no allocation.
 */
public final class TypingThrottle
{
    /** How long receivers show a {@code start} without a refresh; sent to them as {@code expires_in_ms}. */
    public static final long EXPIRES_IN_MS = 5_000;
    public static final long START_INTERVAL_MS = 500;
    public static final int MAX_PER_SECOND = 20;
    public static final int ROOMS = 8;

    private static final long START_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(START_INTERVAL_MS);
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(1);

    private final long[] roomHashes = new long[ROOMS];
    private final long[] lastStartNs = new long[ROOMS];
    private final long[] lastUsedNs = new long[ROOMS];
    private final boolean[] typing = new boolean[ROOMS];
    private int slotsUsed;
    private boolean windowOpen;
    private long windowStartNs;
    private int windowCount;

    /**
     * @param start true for {@code start}, false for {@code stop}
     * @param nowNs the gateway's monotonic clock ({@link System#nanoTime()})
     * @return true when the command goes on to the engine
     */
    public boolean tryForward(final DirectBuffer room, final int roomOffset, final int roomLength, final boolean start, final long nowNs)
    {
        final long hash = NameHash.hash(NameHash.SEED, room, roomOffset, roomLength);
        int slot = find(hash);
        if (slot >= 0 && (start ? typing[slot] && nowNs - lastStartNs[slot] < START_INTERVAL_NS : !typing[slot]))
        {
            return false; // a refresh too soon, or a stop of nothing
        }
        if (!takeFromWindow(nowNs))
        {
            return false;
        }
        if (slot < 0)
        {
            slot = claim(hash);
        }
        typing[slot] = start;
        if (start)
        {
            lastStartNs[slot] = nowNs;
        }
        lastUsedNs[slot] = nowNs;
        return true;
    }

    private int find(final long hash)
    {
        for (int i = 0; i < slotsUsed; i++)
        {
            if (roomHashes[i] == hash)
            {
                return i;
            }
        }
        return -1;
    }

    private int claim(final long hash)
    {
        int slot;
        if (slotsUsed < ROOMS)
        {
            slot = slotsUsed++;
        }
        else
        {
            slot = 0;
            for (int i = 1; i < ROOMS; i++)
            {
                if (lastUsedNs[i] - lastUsedNs[slot] < 0)
                {
                    slot = i;
                }
            }
        }
        roomHashes[slot] = hash;
        typing[slot] = false;
        return slot;
    }

    private boolean takeFromWindow(final long nowNs)
    {
        if (!windowOpen || nowNs - windowStartNs >= WINDOW_NS)
        {
            windowOpen = true;
            windowStartNs = nowNs;
            windowCount = 0;
        }
        if (windowCount >= MAX_PER_SECOND)
        {
            return false;
        }
        windowCount++;
        return true;
    }
}
