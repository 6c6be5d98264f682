package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateScheduleTest
{
    @Test
    void shouldSpaceMessagesByOneOverRate()
    {
        final RateSchedule schedule = new RateSchedule(5_000L, 1000);
        assertEquals(5_000L, schedule.dueNs(0));
        assertEquals(5_000L + 1_000_000L, schedule.dueNs(1));
        assertEquals(5_000L + 1_000_000_000L, schedule.dueNs(1000));
    }

    @Test
    void shouldNotDriftWhenIntervalIsNotWholeNanoseconds()
    {
        // 3 msg/s: 333,333,333.33 ns apart; message 3 is due at exactly one second
        assertEquals(333_333_333L, RateSchedule.offsetNs(1, 3));
        assertEquals(666_666_666L, RateSchedule.offsetNs(2, 3));
        assertEquals(1_000_000_000L, RateSchedule.offsetNs(3, 3));
        assertEquals(3_000_000_000L, RateSchedule.offsetNs(21_000_000, 7_000_000));
    }

    @Test
    void shouldNotOverflowForLargestIndexes()
    {
        assertEquals(2_000_000_000_000_000L, RateSchedule.offsetNs(2_000_000_000L, 1_000L));
        assertEquals(Integer.MAX_VALUE * 1_000_000_000L, RateSchedule.offsetNs(Integer.MAX_VALUE, 1));
    }

    @Test
    void shouldCountMessagesPerPhase()
    {
        assertEquals(5000, RateSchedule.messageCount(1000, 5));
        assertEquals(0, RateSchedule.messageCount(1000, 0));
        assertThrows(ArithmeticException.class, () -> RateSchedule.messageCount(Long.MAX_VALUE, 2));
    }

    @Test
    void shouldRefuseNonPositiveRate()
    {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 0));
    }

    @Test
    void shouldReturnImmediatelyWhenAlreadyLate()
    {
        final long dueNs = System.nanoTime() - 1_000_000L;
        // no timing assertion beyond "it is late by at least what we made it"
        assertEquals(true, RateSchedule.awaitDue(dueNs, RateSchedule.DEFAULT_SPIN_NS) >= 1_000_000L);
    }

    @Test
    void shouldRampFromATenthToTheFullRateThenKeepTheRateWhenARampIsGiven()
    {
        final long rampNs = 2_000_000_000L;
        final RateSchedule schedule = new RateSchedule(0, 1000, rampNs);
        final long rampMessages = RateSchedule.rampMessages(1000, rampNs);
        assertEquals(1100, rampMessages, "1000/s ramped from 100/s over 2 s: the mean rate is 550/s");

        assertEquals(0, schedule.dueNs(0));
        final long firstGapNs = schedule.dueNs(1) - schedule.dueNs(0);
        final long lastRampGapNs = schedule.dueNs(rampMessages - 1) - schedule.dueNs(rampMessages - 2);
        assertTrue(firstGapNs > 9_000_000L && firstGapNs < 10_100_000L, "starts near 100/s: " + firstGapNs);
        assertTrue(lastRampGapNs > 990_000L && lastRampGapNs < 1_100_000L, "ends near 1000/s: " + lastRampGapNs);
        for (long i = 1; i < rampMessages + 10; i++)
        {
            assertTrue(schedule.dueNs(i) >= schedule.dueNs(i - 1), "due times never go back, at " + i);
        }
        assertEquals(rampNs, schedule.dueNs(rampMessages));
        assertEquals(rampNs + 1_000_000L, schedule.dueNs(rampMessages + 1));
        assertEquals(rampMessages + 3000, RateSchedule.messagesWithin(1000, 5, rampNs));
    }
}
