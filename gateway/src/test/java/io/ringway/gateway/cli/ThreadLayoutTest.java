package io.ringway.gateway.cli;

import io.ringway.engine.link.OutboundDelivery;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadLayoutTest
{
    @Test
    void shouldChooseTheFewestThreadsWhenAutoRunsOnTwoCoresOrFewer()
    {
        assertEquals(1, ThreadLayout.engineThreads("auto", 2));
        assertEquals(1, ThreadLayout.engineThreads("AUTO", 1));
        assertEquals(OutboundDelivery.DIRECT, ThreadLayout.outboundDelivery("auto", 2));
    }

    @Test
    void shouldKeepEachStageOnItsOwnThreadWhenAutoRunsOnMoreCores()
    {
        assertEquals(2, ThreadLayout.engineThreads("auto", 4));
        assertEquals(OutboundDelivery.RING, ThreadLayout.outboundDelivery("auto", 3));
    }

    @Test
    void shouldTakeAnExplicitChoiceWhateverTheCores()
    {
        assertEquals(2, ThreadLayout.engineThreads("2", 2));
        assertEquals(1, ThreadLayout.engineThreads("1", 16));
        assertEquals(OutboundDelivery.RING, ThreadLayout.outboundDelivery("ring", 2));
        assertEquals(OutboundDelivery.DIRECT, ThreadLayout.outboundDelivery("DIRECT", 16));
    }

    @Test
    void shouldRefuseAnythingElseWithTheFlagInTheMessage()
    {
        assertEquals("--engine-threads must be auto, 1 or 2, not 3",
            assertThrows(IllegalArgumentException.class, () -> ThreadLayout.engineThreads("3", 2)).getMessage());
        assertEquals("--outbound-delivery must be auto, ring or direct, not queue",
            assertThrows(IllegalArgumentException.class, () -> ThreadLayout.outboundDelivery("queue", 2)).getMessage());
    }
}
