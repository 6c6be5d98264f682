package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A link frame's readable bytes as an Agrona buffer, without copying when Netty's buffer has a
 * memory address or a backing array (pooled buffers do), else copied into a reused array. Valid
 * until the frame is released; one per handler, used on its event loop only.
 */
final class FrameView
{
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private byte[] staging = new byte[4096];

    DirectBuffer wrap(final ByteBuf frame)
    {
        final int length = frame.readableBytes();
        if (frame.hasMemoryAddress())
        {
            view.wrap(frame.memoryAddress() + frame.readerIndex(), length);
        }
        else if (frame.hasArray())
        {
            view.wrap(frame.array(), frame.arrayOffset() + frame.readerIndex(), length);
        }
        else
        {
            if (staging.length < length)
            {
                staging = new byte[Math.max(length, staging.length * 2)];
            }
            frame.getBytes(frame.readerIndex(), staging, 0, length);
            view.wrap(staging, 0, length);
        }
        return view;
    }
}
