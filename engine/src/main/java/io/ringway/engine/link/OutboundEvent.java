package io.ringway.engine.link;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Pre-allocated slot of a gateway's outbound ring; grows once for the largest event and stays. */
final class OutboundEvent
{
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    int length;

    void copyFrom(final DirectBuffer source, final int offset, final int length)
    {
        if (buffer.capacity() < length)
        {
            buffer.wrap(new byte[Math.max(length, buffer.capacity() * 2)]);
        }
        buffer.putBytes(0, source, offset, length);
        this.length = length;
    }
}
