package io.ringway.engine.logic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientIdDedupeTest
{
    private static final long WINDOW_MS = 60_000;

    @Test
    void shouldAnswerTheFirstSeqWithinTheWindowAndForgetItAfter()
    {
        final ClientIdDedupe dedupe = new ClientIdDedupe();
        dedupe.record(42, 7, 1_000);

        assertEquals(7, dedupe.seqOf(42, 1_000 + WINDOW_MS - 1, WINDOW_MS));
        assertEquals(-1, dedupe.seqOf(42, 1_000 + WINDOW_MS, WINDOW_MS));
        assertEquals(0, dedupe.size());
    }

    @Test
    void shouldForgetTheOldestEarlyWhenARoomHoldsTheMostIdsAllowed()
    {
        final ClientIdDedupe dedupe = new ClientIdDedupe();
        for (int i = 0; i < ClientIdDedupe.MAX_IDS; i++)
        {
            dedupe.record(1_000 + i, i + 1, 5_000);
        }
        assertEquals(1, dedupe.seqOf(1_000, 5_000, WINDOW_MS), "all still inside the window and the bound");

        dedupe.record(999_999, ClientIdDedupe.MAX_IDS + 1, 5_001);

        assertEquals(ClientIdDedupe.MAX_IDS, dedupe.size());
        assertEquals(-1, dedupe.seqOf(1_000, 5_001, WINDOW_MS), "the oldest was forgotten to make room");
        assertEquals(2, dedupe.seqOf(1_001, 5_001, WINDOW_MS));
        assertEquals(ClientIdDedupe.MAX_IDS + 1, dedupe.seqOf(999_999, 5_001, WINDOW_MS));
    }
}
