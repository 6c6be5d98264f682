package io.ringway.journal;

import org.agrona.DirectBuffer;

/** Receives records from a {@link JournalReader}. */
@FunctionalInterface
public interface JournalRecordHandler
{
    void onRecord(long sequence, long timestampMs, DirectBuffer command, int offset, int length);
}
