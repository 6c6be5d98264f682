package io.ringway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fails a test when Netty's leak detector reports a {@link ByteBuf} that was garbage-collected
 * without being released.
 *
 * <p>Netty keeps the ByteBuf leak detector in the package-private static
 * {@code AbstractByteBuf.leakDetector}; its public {@link ResourceLeakDetector#setLeakListener}
 * lets us hear every leak it reports. Leaks are only reported when a later allocation polls
 * the detector's reference queue, so after the test class this runs a few rounds of
 * {@code System.gc()} plus a tracked allocation. Detection is forced to {@code PARANOID} (every
 * buffer tracked), which surefire also sets with {@code -Dio.netty.leakDetection.level=paranoid}.
 *
 * <p>The check runs once per class rather than per test: on this kind of shared machine a forced
 * GC occasionally stalls for a second, and four of them per test made the gateway suite take
 * minutes. The leak record's allocation trace still names the test method that leaked.
 * {@link #beforeAll} first flushes leaks left by code that ran earlier (printed to stderr, not
 * failed), so a failure names the class whose buffers leaked.
 */
public final class NettyLeakDetectionExtension implements BeforeAllCallback, AfterAllCallback
{
    private static final int GC_ROUNDS = 3;
    private static final long GC_PAUSE_MS = 10;
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
    /** The detector's memory of leaks it already reported (it reports each trace once per JVM), or null. */
    private static final Set<?> REPORTED;

    static
    {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try
        {
            final Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            final ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>)field.get(null);
            detector.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + ".release() was not called:" + records));
            REPORTED = reportedLeaks(detector);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new ExceptionInInitializerError(
                "cannot hook Netty's ByteBuf leak detector (AbstractByteBuf.leakDetector): " + ex);
        }
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        collectLeaks(1);
        if (REPORTED != null)
        {
            REPORTED.clear(); // so a leak with the same trace as an earlier one (a repeated test) is reported again
        }
        final List<String> earlier = drain();
        if (!earlier.isEmpty())
        {
            // Not this test's fault; say so on stderr instead of failing the wrong test.
            System.err.println("Netty leaks from an earlier test, reported before " + context.getDisplayName() + ": " + earlier);
        }
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        collectLeaks(GC_ROUNDS);
        final List<String> leaks = drain();
        if (!leaks.isEmpty())
        {
            fail(leaks.size() + " Netty ByteBuf leak(s) in " + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Makes the detector look at what the garbage collector found: GC, then tracked allocations that poll it. */
    public static void collectLeaks(final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            System.gc();
            try
            {
                Thread.sleep(GC_PAUSE_MS); // the reference handler thread enqueues cleared references asynchronously
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            touch(ByteBufAllocator.DEFAULT);
            touch(PooledByteBufAllocator.DEFAULT);
            touch(UnpooledByteBufAllocator.DEFAULT);
        }
    }

    private static Set<?> reportedLeaks(final ResourceLeakDetector<?> detector)
    {
        try
        {
            final Field field = ResourceLeakDetector.class.getDeclaredField("reportedLeaks");
            field.setAccessible(true);
            return field.get(detector) instanceof Set<?> set ? set : null;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return null; // optional: without it a leak identical to one already reported goes unreported
        }
    }

    private static void touch(final ByteBufAllocator alloc)
    {
        alloc.directBuffer(1).release();
        alloc.heapBuffer(1).release();
    }

    private static List<String> drain()
    {
        final List<String> leaks = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null)
        {
            leaks.add(leak);
        }
        return leaks;
    }
}
