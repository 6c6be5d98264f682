package io.ringway.bench.machine;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.gateway.io.IoTransport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/ringway bench wake-ups}: what handing one message to a sleeping thread costs on this
 * machine, the price a request pays at every thread boundary it crosses. An rtt round trip through
 * Ringway crosses two more than one through the floor server (I/O thread to engine thread, and back
 * to the I/O thread), so their cost here is most of the gap between the two.
 *
 * <p>Each hand-off is timed from just before the signal to the moment the woken thread runs, one at
 * a time, with the sender asleep in between (so both threads' CPUs may idle, as a server's do
 * between messages at 10,000 msg/s):
 * <ul>
 *   <li>{@code spin}: the receiver busy-spins on a volatile field (no wake-up: the floor for any hand-off);</li>
 *   <li>{@code park/unpark}: the receiver is parked (the engine thread waiting for the ring, {@code BackoffWaitStrategy});</li>
 *   <li>{@code event loop}: a task for an idle Netty event loop (the engine handing a session's drain to its I/O thread);</li>
 *   <li>{@code loopback TCP}: one byte written to a socket whose reader is blocked in {@code read} (what client and
 *   server pay once each way, floor server included).</li>
 * </ul>
 * It also reports what the signal itself costs the sender (the {@code unpark}, {@code execute} or {@code write} call).
 */
@Command(name = "wake-ups", mixinStandardHelpOptions = true,
    description = "What waking a sleeping thread costs here: spin, park/unpark, a Netty event loop task, loopback TCP.")
public final class WakeupProbe implements Callable<Integer>
{
    @Option(names = "--count", description = "Hand-offs per kind and gap (default ${DEFAULT-VALUE}).")
    int count = 2_000;

    @Option(names = "--warmup", description = "Hand-offs first, not recorded (default ${DEFAULT-VALUE}).")
    int warmup = 500;

    @Option(names = "--gaps-us", split = ",",
        description = "How long the sender sleeps before each hand-off, µs (default ${DEFAULT-VALUE}).")
    List<Long> gapsUs = List.of(100L, 1_000L);

    @Option(names = "--io-transport", description = "Event loop transport: auto, epoll, io_uring, nio (default ${DEFAULT-VALUE}).")
    String ioTransport = "auto";

    @Spec
    CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new WakeupProbe()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (count < 1 || warmup < 0 || gapsUs.stream().anyMatch(gap -> gap < 0))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be ≥ 1, --warmup and --gaps-us ≥ 0");
        }
        for (final long gapUs : gapsUs)
        {
            for (final HandOff result : measure(count, warmup, TimeUnit.MICROSECONDS.toNanos(gapUs), IoTransport.parse(ioTransport)))
            {
                System.out.println(result.line(gapUs));
            }
        }
        return 0;
    }

    /** Every kind of hand-off, {@code count} times each after {@code warmup}, the sender sleeping {@code gapNs} before each. */
    static List<HandOff> measure(final int count, final int warmup, final long gapNs, final IoTransport transport)
        throws IOException, InterruptedException
    {
        final List<HandOff> results = new ArrayList<>();
        results.add(run(new SpinReceiver(), "spin", count, warmup, gapNs));
        results.add(run(new ParkedReceiver(), "park/unpark", count, warmup, gapNs));
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("wakeup-probe-loop", true),
            transport.handlerFactory());
        try
        {
            results.add(run(new EventLoopReceiver(group.next()), "event loop (" + transport.label() + ")", count, warmup, gapNs));
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try (LoopbackReceiver socket = new LoopbackReceiver())
        {
            results.add(run(socket, "loopback TCP", count, warmup, gapNs));
        }
        return results;
    }

    private static HandOff run(final Receiver receiver, final String kind, final int count, final int warmup, final long gapNs)
        throws InterruptedException
    {
        final HandOff result = new HandOff(kind);
        receiver.start();
        try
        {
            for (int i = 0; i < warmup + count; i++)
            {
                LockSupport.parkNanos(gapNs);
                final long signalledAt = System.nanoTime();
                receiver.signal(i);
                final long signalNs = System.nanoTime() - signalledAt;
                final long wokeAt = receiver.awaitWoken(i);
                if (i >= warmup)
                {
                    result.record(wokeAt - signalledAt, signalNs);
                }
            }
        }
        finally
        {
            receiver.stop();
        }
        return result;
    }

    /** One kind of hand-off: the results of {@code count} of them. */
    static final class HandOff
    {
        final String kind;
        final Histogram wake = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram signal = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

        HandOff(final String kind)
        {
            this.kind = kind;
        }

        void record(final long wakeNs, final long signalNs)
        {
            wake.recordValue(Math.max(0, wakeNs));
            signal.recordValue(Math.max(0, signalNs));
        }

        String line(final long gapUs)
        {
            return String.format(Locale.ROOT,
                "wake-ups: gap %,6d µs  %-22s woken after p50 %7.1f  p90 %7.1f  p99 %7.1f µs   signal call p50 %6.1f µs  (n=%d)",
                gapUs, kind, us(wake, 50), us(wake, 90), us(wake, 99), us(signal, 50), wake.getTotalCount());
        }

        private static double us(final Histogram histogram, final double percentile)
        {
            return histogram.getValueAtPercentile(percentile) / 1e3;
        }
    }

    /**
     * The woken side of a hand-off. {@link #signal} publishes hand-off {@code i}; the receiver stamps when it ran
     * and the sender reads that stamp after it sees the index.
     */
    private abstract static class Receiver
    {
        volatile int signalled = -1;
        volatile int woken = -1;
        volatile long wokeAt;

        abstract void start();

        abstract void signal(int i);

        abstract void stop() throws InterruptedException;

        final void markWoken(final int i)
        {
            wokeAt = System.nanoTime();
            woken = i;
        }

        /** Waits for hand-off {@code i} to be received (parking: the sender must not hold a core), its receive time. */
        final long awaitWoken(final int i)
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (woken != i)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("hand-off " + i + " was not received within 10 s");
                }
                LockSupport.parkNanos(1_000);
            }
            return wokeAt;
        }
    }

    /** A thread with a loop of its own, stopped by an interrupt. */
    private abstract static class ThreadReceiver extends Receiver implements Runnable
    {
        private Thread thread;
        volatile boolean running;

        @Override
        final void start()
        {
            running = true;
            thread = new Thread(this, "wakeup-probe-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        final Thread thread()
        {
            return thread;
        }

        @Override
        void stop() throws InterruptedException
        {
            running = false;
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** A thread that checks for the next hand-off and, while there is none, idles its own way. */
    private abstract static class PollingReceiver extends ThreadReceiver
    {
        abstract void idle();

        @Override
        void signal(final int i)
        {
            signalled = i;
        }

        @Override
        public final void run()
        {
            int next = 0;
            while (running)
            {
                if (signalled == next)
                {
                    markWoken(next++);
                }
                else
                {
                    idle();
                }
            }
        }
    }

    private static final class SpinReceiver extends PollingReceiver
    {
        @Override
        void idle()
        {
            Thread.onSpinWait();
        }
    }

    private static final class ParkedReceiver extends PollingReceiver
    {
        @Override
        void signal(final int i)
        {
            super.signal(i);
            LockSupport.unpark(thread());
        }

        @Override
        void idle()
        {
            LockSupport.park(this);
        }
    }

    private static final class EventLoopReceiver extends Receiver
    {
        private final EventLoop loop;
        private final Runnable task = () -> markWoken(signalled);

        EventLoopReceiver(final EventLoop loop)
        {
            this.loop = loop;
        }

        @Override
        void start()
        {
        }

        @Override
        void signal(final int i)
        {
            signalled = i;
            loop.execute(task);
        }

        @Override
        void stop()
        {
        }
    }

    /** A reader thread blocked in {@code read} on one end of a loopback connection; the sender writes a byte to the other. */
    private static final class LoopbackReceiver extends ThreadReceiver implements AutoCloseable
    {
        private final ServerSocket server;
        private final Socket writer;
        private final Socket reader;
        private final OutputStream out;

        LoopbackReceiver() throws IOException
        {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            writer = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            reader = server.accept();
            writer.setTcpNoDelay(true);
            out = writer.getOutputStream();
        }

        @Override
        void signal(final int i)
        {
            signalled = i;
            try
            {
                out.write(1);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void run()
        {
            try
            {
                final InputStream in = reader.getInputStream();
                int next = 0;
                while (running && in.read() >= 0)
                {
                    markWoken(next++);
                }
            }
            catch (final IOException closed)
            {
                // stop() closed the socket
            }
        }

        @Override
        void stop() throws InterruptedException
        {
            running = false;
            close();
            super.stop();
        }

        @Override
        public void close()
        {
            for (final AutoCloseable closeable : new AutoCloseable[] {writer, reader, server})
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ignored)
                {
                    // closing a loopback socket of our own: nothing to report
                }
            }
        }
    }
}
