package io.ringway.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineStatusTest
{
    @Test
    void shouldReportZeroesWhenNothingWasPublished()
    {
        assertEquals(new EngineStatus.Snapshot(0, 0, 0), new EngineStatus().snapshot());
    }

    @Test
    void shouldReportLastPublishedValuesWhenPublishedFromOneThread()
    {
        final EngineStatus status = new EngineStatus();
        status.publish(5, 0xABCL, 4);
        status.publish(6, -7L, 5);
        assertEquals(new EngineStatus.Snapshot(6, -7L, 5), status.snapshot());
    }

    @Test
    void shouldNeverMixFieldsOfTwoPublishesWhenReadWhileWriting() throws InterruptedException
    {
        final EngineStatus status = new EngineStatus();
        final int publishes = 200_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                long previous = 0;
                while (previous < publishes)
                {
                    final EngineStatus.Snapshot snapshot = status.snapshot();
                    final long sequence = snapshot.appliedSequence();
                    assertEquals(sequence * 0x9E3779B97F4A7C15L, snapshot.digest(), "digest of the same publish");
                    assertEquals(sequence * 2, snapshot.commandsApplied(), "count of the same publish");
                    assertTrue(sequence >= previous, "never goes backwards");
                    previous = sequence;
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }, "status-reader");
        reader.start();
        for (long i = 1; i <= publishes; i++)
        {
            status.publish(i, i * 0x9E3779B97F4A7C15L, i * 2);
        }
        reader.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
    }
}
