package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class LinkWriterTest
{
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void finish()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldWriteEveryMessageInOrderWhenTheRingWrapsOnAQuietLink()
    {
        final LinkWriter writer = new LinkWriter(channel, 1024);
        final List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 30; i++) // 112 bytes a record: the ring wraps three times, each time after padding at its end
        {
            assertTrue(writer.offer(message(100, i), 0, 100));
            channel.runPendingTasks(); // the one drain this offer scheduled, and no other
            final ByteBuf written = channel.readOutbound();
            assertEquals(100, written.readableBytes(), "message " + i + " went out with its own drain");
            seen.add((int)written.getByte(0));
            written.release();
        }
        assertEquals(30, seen.size());
        for (int i = 0; i < 30; i++)
        {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void shouldGatherMessagesIntoOneWriteUpTo64KiBWhenSeveralWait()
    {
        final LinkWriter writer = new LinkWriter(channel, 1024 * 1024);
        for (int i = 0; i < 3; i++)
        {
            writer.offer(message(1000, i), 0, 1000);
        }
        writer.offer(message(40_000, 3), 0, 40_000);
        writer.offer(message(40_000, 4), 0, 40_000);
        channel.runPendingTasks();

        assertEquals(List.of(3_000 + 40_000, 40_000), drainOutboundSizes(), "the second 40 kB message waits for the next write");
    }

    @Test
    void shouldStopWhenTheChannelIsUnwritableAndGoOnWhenDrainedAgain()
    {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 50_000));
        final LinkWriter writer = new LinkWriter(channel, 1024 * 1024);
        for (int i = 0; i < 3; i++)
        {
            writer.offer(message(40_000, i), 0, 40_000);
        }
        channel.runPendingTasks();
        assertEquals(List.of(40_000, 40_000), drainOutboundSizes(), "80 kB pending passed the high-water mark: the third waits");

        writer.drain(); // as the link's handler does on channelWritabilityChanged
        assertEquals(List.of(40_000), drainOutboundSizes());
    }

    @Test
    void shouldRefuseWhenTheRingIsFullOrTheMessageTooLargeOrTheLinkClosed()
    {
        final LinkWriter writer = new LinkWriter(channel, 1024);
        assertEquals(128, writer.maxMessageLength());
        assertFalse(writer.offer(message(129, 0), 0, 129));
        int taken = 0;
        while (writer.offer(message(100, taken), 0, 100))
        {
            taken++; // no drain runs: the ring fills
        }
        assertEquals(9, taken);
        channel.runPendingTasks();
        assertEquals(List.of(900), drainOutboundSizes(), "the nine, in one write");

        channel.close();
        assertFalse(writer.offer(message(10, 0), 0, 10));
        assertNull(channel.readOutbound());
    }

    private List<Integer> drainOutboundSizes()
    {
        final List<Integer> sizes = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null)
        {
            sizes.add(out.readableBytes());
            out.release();
        }
        return sizes;
    }

    private static UnsafeBuffer message(final int length, final int tag)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        buffer.setMemory(0, length, (byte)tag);
        return buffer;
    }
}
