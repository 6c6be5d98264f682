package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A link frame's bytes as an Agrona buffer, without copying when Netty's buffer has a
 * memory address or a backing array (pooled buffers do), else copied into a reused array. Valid
 * until the frame is released; one per handler, used on its event loop only.
 */
final class FrameView
{
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private byte[] staging = new byte[4096];

    /** Points at nothing, once the memory it viewed is released. */
    void clear()
    {
        view.wrap(0, 0);
    }

    /** {@code length} bytes of {@code buffer} from {@code index}. */
    DirectBuffer wrap(final ByteBuf buffer, final int index, final int length)
    {
        if (buffer.hasMemoryAddress())
        {
            view.wrap(buffer.memoryAddress() + index, length);
        }
        else if (buffer.hasArray())
        {
            view.wrap(buffer.array(), buffer.arrayOffset() + index, length);
        }
        else
        {
            if (staging.length < length)
            {
                staging = new byte[Math.max(length, staging.length * 2)];
            }
            buffer.getBytes(index, staging, 0, length);
            view.wrap(staging, 0, length);
        }
        return view;
    }
}
