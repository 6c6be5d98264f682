package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One direction of a TCP link: any number of threads offer link messages into a bounded,
 * lock-free ring (Agrona's many-to-one ring buffer), and the channel's event loop drains it into
 * the socket, many messages per write. An offer never blocks and never touches the socket: the
 * engine's logic thread (events) and the gateway's I/O threads (commands) only copy bytes and, when
 * no drain is pending, hand the event loop one task.
 *
 * <p>A full ring means the other side is not keeping up: {@link #offer} returns false and the
 * owner decides (the engine drops the gateway's link; a gateway answers {@code overloaded}).
 */
final class LinkWriter implements Runnable
{
    private static final int MESSAGE_TYPE = 1;
    /** Bytes gathered into one socket write before it goes out (more messages wait for the next). */
    private static final int WRITE_BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    private final ManyToOneRingBuffer ring;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final UnsafeBuffer target = new UnsafeBuffer(0, 0);
    private final ControlledMessageHandler copyToBatch = this::copyToBatch;
    private ByteBuf batch;

    /** @param capacity ring bytes, a power of two; the largest message it takes is an eighth of it */
    LinkWriter(final Channel channel, final int capacity)
    {
        this.channel = channel;
        this.ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Any thread. False when the ring is full, the message is larger than it takes, or the link is closed. */
    boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > ring.maxMsgLength() || !channel.isActive() || !ring.write(MESSAGE_TYPE, buffer, offset, length))
        {
            return false;
        }
        // A full barrier between the record's (release) store and the flag: a plain read of the flag could be
        // ordered before the store, see a drain still pending, and that drain then miss the record.
        if (!drainScheduled.getAndSet(true))
        {
            channel.eventLoop().execute(this);
        }
        return true;
    }

    /** The largest message {@link #offer} takes: an eighth of the ring. */
    int maxMessageLength()
    {
        return ring.maxMsgLength();
    }

    boolean isOpen()
    {
        return channel.isActive();
    }

    /** Any thread: Netty runs the close on the channel's event loop. */
    void closeChannel()
    {
        channel.close();
    }

    /** The drain task, on the channel's event loop. */
    @Override
    public void run()
    {
        drainScheduled.getAndSet(false); // before draining: an offer from here on schedules another drain
        drain();
    }

    /** Event loop only: writes what the ring holds while the channel takes it; called again when it becomes writable. */
    void drain()
    {
        boolean wrote = false;
        try
        {
            while (channel.isActive() && channel.isWritable() && ring.producerPosition() != ring.consumerPosition())
            {
                if (batch == null)
                {
                    batch = channel.alloc().directBuffer(WRITE_BATCH_BYTES);
                }
                final long before = ring.consumerPosition();
                ring.controlledRead(copyToBatch);
                if (batch.writerIndex() > 0)
                {
                    channel.write(batch, channel.voidPromise());
                    batch = null;
                    wrote = true;
                }
                else if (ring.consumerPosition() == before)
                {
                    break; // a producer has claimed space but not committed yet: its commit schedules the next drain
                }
                // Else the read only stepped over the padding at the ring's end (one read never wraps): read again.
            }
        }
        catch (final RuntimeException | Error ex)
        {
            channel.close(); // a message is lost with the batch: the link cannot go on, and the other side resets
            throw ex;
        }
        finally
        {
            if (batch != null)
            {
                batch.release();
                batch = null;
            }
            if (wrote)
            {
                channel.flush();
            }
        }
    }

    private ControlledMessageHandler.Action copyToBatch(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (batch.writerIndex() > 0 && batch.writerIndex() + length > WRITE_BATCH_BYTES)
        {
            return ControlledMessageHandler.Action.ABORT; // left in the ring for the next write
        }
        batch.ensureWritable(length);
        if (batch.hasMemoryAddress())
        {
            target.wrap(batch.memoryAddress() + batch.writerIndex(), length);
            buffer.getBytes(index, target, 0, length);
        }
        else
        {
            final byte[] bytes = new byte[length]; // only without Netty's unsafe access: not this machine's path
            buffer.getBytes(index, bytes);
            batch.setBytes(batch.writerIndex(), bytes);
        }
        batch.writerIndex(batch.writerIndex() + length);
        return ControlledMessageHandler.Action.CONTINUE;
    }
}
