package io.ringway.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChartsTest
{
    @Test
    void shouldMapPercentilesToNines()
    {
        assertEquals(0.0, Charts.nines(0.0), 1e-9);
        assertEquals(1.0, Charts.nines(90.0), 1e-9);
        assertEquals(3.0, Charts.nines(99.9), 1e-9);
        assertEquals(Charts.MAX_NINES, Charts.nines(100.0), 1e-9);
    }

    @Test
    void shouldLabelWholeNinesOnly()
    {
        assertEquals("0%", Charts.ninesLabel(0));
        assertEquals("90%", Charts.ninesLabel(1));
        assertEquals("99%", Charts.ninesLabel(2));
        assertEquals("99.99%", Charts.ninesLabel(4));
        assertEquals("", Charts.ninesLabel(1.5));
    }
}
