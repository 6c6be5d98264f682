package io.ringway.engine;

import io.ringway.engine.logic.BusinessLogic;
import io.ringway.engine.logic.OutboundSink;
import io.ringway.journal.snapshot.SnapshotHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.ringway.engine.LinkTestSupport.join;
import static io.ringway.engine.LinkTestSupport.sessionOpen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotTakerTest
{
    private static final long TS_MS = 1_700_000_000_000L;

    private final BusinessLogic logic = new BusinessLogic(OutboundSink.DISCARD, 10);
    private final List<SnapshotHeader> written = new CopyOnWriteArrayList<>();
    private final EngineErrors errors = new EngineErrors();
    private long sequence;

    private void applyTo(final SnapshotTaker taker, final int commands)
    {
        for (int i = 0; i < commands; i++)
        {
            sequence++;
            final byte[] command = sequence % 2 == 1 ? sessionOpen(1, sequence, "u" + sequence) : join(1, sequence - 1, "j", "room");
            logic.apply(sequence, TS_MS + sequence, new UnsafeBuffer(command), 0, command.length);
            taker.onApplied(TS_MS + sequence, 100 + sequence);
        }
        taker.afterBatch(logic);
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(1);
        }
    }

    @Test
    void shouldSkipASnapshotThatFallsDueWhileTheWriterIsBusyAndWriteTheFinalOneOnClose() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final SnapshotTaker taker = new SnapshotTaker(new SnapshotConfig(true, 3, 2), (header, body, offset, length) ->
        {
            try
            {
                release.await(10, TimeUnit.SECONDS); // a slow disk
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            written.add(header);
        }, errors, 0, 0, 0, -1);

        applyTo(taker, 2);
        assertEquals(0, taker.skippedBusy(), "not due yet");
        applyTo(taker, 1); // seq 3: due, handed to the writer, which blocks
        applyTo(taker, 3); // seq 6: due while the writer is busy: skipped, not queued
        assertEquals(1, taker.skippedBusy());
        release.countDown();
        await("the first snapshot is written", () -> taker.written() == 1);
        applyTo(taker, 2); // seq 8: the next was due at 6 + 3 = 9
        applyTo(taker, 1); // seq 9
        await("the second snapshot is written", () -> taker.written() == 2);
        applyTo(taker, 1); // seq 10
        taker.closeAndWriteFinal(logic);

        assertEquals(List.of(3L, 9L, 10L), written.stream().map(SnapshotHeader::lastSequence).toList());
        final SnapshotHeader last = written.get(2);
        assertEquals(new SnapshotHeader(BusinessLogic.snapshotFormatVersion(), 10, TS_MS + 10, TS_MS + 1, 110), last,
            "timestamp and document of the last command, the journal's first timestamp");
        assertEquals(10, taker.lastWrittenSequence());
        assertEquals(0, errors.snapshotFailures());
    }

    @Test
    void shouldCountAFailedWriteAndTryAgainWhenTheNextIsDue() throws Exception
    {
        final SnapshotTaker taker = new SnapshotTaker(new SnapshotConfig(true, 2, 2), (header, body, offset, length) ->
        {
            if (header.lastSequence() == 2)
            {
                throw new IOException("disk full");
            }
            written.add(header);
        }, errors, 0, 0, 0, -1);

        applyTo(taker, 2);
        await("the failure is counted", () -> errors.snapshotFailures() == 1);
        applyTo(taker, 2);
        await("the next one is written", () -> taker.written() == 1);
        taker.closeAndWriteFinal(logic);
        assertEquals(List.of(4L), written.stream().map(SnapshotHeader::lastSequence).toList(), "nothing new to write on close");
    }

    @Test
    void shouldWriteNothingWhenDisabled()
    {
        final SnapshotTaker taker = new SnapshotTaker(SnapshotConfig.DISABLED, (header, body, offset, length) -> written.add(header),
            errors, 0, 0, 0, -1);
        applyTo(taker, 5);
        taker.closeAndWriteFinal(logic);
        assertEquals(List.of(), written);
    }
}
