package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateSearchTest
{
    /** Runs the search against a server that passes every rate {@code passes} accepts; returns the rates tried. */
    private static List<Long> run(final RateSearch search, final LongPredicate passes)
    {
        final List<Long> tried = new ArrayList<>();
        long rate;
        while ((rate = search.next()) > 0)
        {
            tried.add(rate);
            search.record(rate, passes.test(rate));
        }
        return tried;
    }

    @Test
    void shouldStepUpGeometricallyThenBisectWhenAStepFails()
    {
        final RateSearch search = new RateSearch(1000, 2.0, 1_000_000, 0.05, 20);
        final List<Long> tried = run(search, rate -> rate <= 5000);
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 6000L, 5000L, 5500L, 5250L), tried);
        assertEquals(5000, search.found());
        assertEquals(5250, search.lowestFail());
        assertTrue(search.stopReason().startsWith("converged"), search.stopReason());
    }

    @Test
    void shouldStepDownWhenStartRateFails()
    {
        final RateSearch search = new RateSearch(8000, 2.0, 1_000_000, 0.25, 20);
        final List<Long> tried = run(search, rate -> rate <= 1500);
        assertEquals(List.of(8000L, 4000L, 2000L, 1000L, 1500L, 1750L), tried);
        assertEquals(1500, search.found());
    }

    @Test
    void shouldStopWhenMaxStepsReached()
    {
        final RateSearch search = new RateSearch(1000, 2.0, 1_000_000, 0.01, 3);
        assertEquals(List.of(1000L, 2000L, 4000L), run(search, rate -> true));
        assertEquals(4000, search.found());
        assertTrue(search.stopReason().contains("--max-steps"));
    }

    @Test
    void shouldStopAtCapWhenEveryRatePasses()
    {
        final RateSearch search = new RateSearch(1000, 3.0, 5000, 0.05, 20);
        assertEquals(List.of(1000L, 3000L, 5000L), run(search, rate -> true));
        assertTrue(search.stopReason().contains("rate cap"));
    }

    @Test
    void shouldFindNothingWhenEveryRateFails()
    {
        final RateSearch search = new RateSearch(4, 2.0, 1000, 0.05, 20);
        assertEquals(List.of(4L, 2L, 1L), run(search, rate -> false));
        assertEquals(0, search.found());
        assertTrue(search.stopReason().startsWith("even 1"), search.stopReason());
    }

    @Test
    void shouldRefuseGrowthWhenNotAboveOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new RateSearch(1000, 1.0, 10_000, 0.05, 10));
    }
}
