package io.ringway.bench.floor;

import io.ringway.bench.load.InboundListener;
import io.ringway.bench.load.LoadClient;
import io.ringway.bench.load.LoadConnection;
import io.ringway.bench.load.LoadMessages;
import io.ringway.bench.load.LoadTarget;
import io.ringway.bench.load.MessageScan;
import io.ringway.bench.load.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator's own client ({@link LoadClient}, as LoadRun uses it) against a real floor
 * server with two I/O threads each side, so a publish reaches members on other event loops.
 */
class FloorServerLoadClientTest
{
    private static final int MESSAGES = 200;
    private static final int PAYLOAD_BYTES = 100;
    private static final long TIMEOUT_S = 10;

    private FloorServer server;
    private LoadClient client;
    private final Tally tally = new Tally();

    @BeforeEach
    void start()
    {
        server = FloorServer.start("127.0.0.1", 0, 2);
        client = new LoadClient(LoadTarget.of(Transport.WS_JSON, server.url(), null), 2, tally);
    }

    @AfterEach
    void stop()
    {
        client.close();
        server.close();
    }

    @Test
    void shouldDeliverEveryMessageInOrderToEveryMemberWhenFanningOut() throws Exception
    {
        final LoadMessages messages = new LoadMessages("fan", PAYLOAD_BYTES, Transport.WS_JSON.wire());
        final LoadConnection publisher = client.connect("pub", messages, false).get(TIMEOUT_S, TimeUnit.SECONDS);
        final List<LoadConnection> subscribers = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            subscribers.add(client.connect("sub" + i, messages, true).get(TIMEOUT_S, TimeUnit.SECONDS));
        }

        for (int n = 0; n < MESSAGES; n++)
        {
            publisher.send(messages.publish(publisher.channel().alloc(), n));
        }

        final List<LoadConnection> all = new ArrayList<>(subscribers);
        all.add(publisher);
        awaitDeliveries(all, MESSAGES);
        for (final LoadConnection connection : all)
        {
            assertEquals(MESSAGES, tally.received(connection), connection.user());
            assertEquals(0, tally.outOfOrder(connection), connection.user());
        }
        awaitAcks(MESSAGES);
        assertEquals(0, tally.errors.sum());
        assertEquals(0, tally.earlyCloses.sum());
    }

    @Test
    void shouldEchoToPublisherWhenItIsAloneInRoomAsInRtt() throws Exception
    {
        final LoadMessages messages = new LoadMessages("solo", PAYLOAD_BYTES, Transport.WS_JSON.wire());
        final LoadConnection publisher = client.connect("solo-pub", messages, true).get(TIMEOUT_S, TimeUnit.SECONDS);
        for (int n = 0; n < MESSAGES; n++)
        {
            publisher.send(messages.publish(publisher.channel().alloc(), n));
        }
        awaitDeliveries(List.of(publisher), MESSAGES);
        assertEquals(MESSAGES, tally.received(publisher));
        assertEquals(0, tally.outOfOrder(publisher));
        awaitAcks(MESSAGES);
    }

    private void awaitDeliveries(final List<LoadConnection> connections, final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline && !connections.stream().allMatch(c -> tally.received(c) >= count))
        {
            Thread.sleep(5);
        }
    }

    private void awaitAcks(final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (tally.acks.sum() < count && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(count, tally.acks.sum());
    }

    /** Per connection: how many messages arrived, and how many broke the order 0, 1, 2, … */
    private static final class Tally implements InboundListener
    {
        private final Map<LoadConnection, AtomicLong> next = new ConcurrentHashMap<>();
        private final Map<LoadConnection, LongAdder> received = new ConcurrentHashMap<>();
        private final Map<LoadConnection, LongAdder> outOfOrder = new ConcurrentHashMap<>();
        final LongAdder acks = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder earlyCloses = new LongAdder();

        @Override
        public void onRoomMessage(final LoadConnection connection, final long index, final long receivedNs)
        {
            // one connection's messages arrive on its one event loop: get-then-set is safe per connection
            final AtomicLong expected = next.computeIfAbsent(connection, c -> new AtomicLong());
            if (index == MessageScan.NO_INDEX || index != expected.get())
            {
                outOfOrder.computeIfAbsent(connection, c -> new LongAdder()).increment();
            }
            expected.set(index + 1);
            received.computeIfAbsent(connection, c -> new LongAdder()).increment();
        }

        @Override
        public void onAck(final LoadConnection connection)
        {
            acks.increment();
        }

        @Override
        public void onError(final LoadConnection connection, final String code)
        {
            errors.increment();
        }

        @Override
        public void onClosedEarly(final LoadConnection connection, final String reason)
        {
            earlyCloses.increment();
        }

        long received(final LoadConnection connection)
        {
            final LongAdder count = received.get(connection);
            return count == null ? 0 : count.sum();
        }

        long outOfOrder(final LoadConnection connection)
        {
            final LongAdder count = outOfOrder.get(connection);
            return count == null ? 0 : count.sum();
        }
    }
}
