package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.concurrent.CompletableFuture;

/**
 * One client connection of a run: its identity, role, channel and join state. The channel's
 * event loop owns {@link #lastIndex}; any thread may {@link #send}.
 */
public final class LoadConnection
{
    private final String user;
    private final Transport transport;
    private final boolean measured;
    private final LoadMessages messages;
    private final InboundListener listener;
    private final CompletableFuture<LoadConnection> joined = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean closing;
    /** nanoTime the join went out and its ack came back (0 until then): the conns scenario's join latency. */
    private volatile long joinSentNs;
    private volatile long joinAckNs;

    /** Highest message index seen so far; event-loop confined. */
    long lastIndex = -1;

    LoadConnection(
        final String user, final Transport transport, final boolean measured, final LoadMessages messages,
        final InboundListener listener)
    {
        this.user = user;
        this.transport = transport;
        this.measured = measured;
        this.messages = messages;
        this.listener = listener;
    }

    public String user()
    {
        return user;
    }

    /** True when this connection's deliveries count in the latency results. */
    public boolean measured()
    {
        return measured;
    }

    public LoadMessages messages()
    {
        return messages;
    }

    /** Completes when the server acknowledged the join, exceptionally if it refused or the connection failed. */
    public CompletableFuture<LoadConnection> joined()
    {
        return joined;
    }

    public Channel channel()
    {
        return channel;
    }

    void channel(final Channel channel)
    {
        this.channel = channel;
    }

    /** Sends one encoded message (see {@link LoadMessages}); takes ownership of {@code content}. */
    public void send(final ByteBuf content)
    {
        final Channel ch = channel;
        final Object message = switch (transport)
        {
            case WS_JSON -> new TextWebSocketFrame(content);
            case WS_BINARY, NATS_WS -> new BinaryWebSocketFrame(content);
            case TCP -> content;
        };
        ch.writeAndFlush(message, ch.voidPromise());
    }

    /** Sends the join (WebSocket: after the handshake; TCP: after HELLO). Event loop. */
    void sendJoin()
    {
        joinSentNs = System.nanoTime();
        send(messages.join(channel.alloc()));
    }

    /** nanoTime the join was sent, 0 if not yet. */
    public long joinSentNs()
    {
        return joinSentNs;
    }

    /** nanoTime the join's ack arrived, 0 if not yet. */
    public long joinAckNs()
    {
        return joinAckNs;
    }

    void onAck()
    {
        if (!joined.isDone())
        {
            joinAckNs = System.nanoTime();
            joined.complete(this);
        }
        else
        {
            listener.onAck(this);
        }
    }

    void onError(final String code)
    {
        if (!joined.isDone())
        {
            joined.completeExceptionally(new JoinFailedException(user + ": join refused by the server: " + code, "join refused: " + code));
        }
        else
        {
            listener.onError(this, code);
        }
    }

    void onRoomMessage(final long index, final long receivedNs)
    {
        if (joined.isDone())
        {
            listener.onRoomMessage(this, index, receivedNs);
        }
    }

    void onClosed(final String reason)
    {
        if (!joined.isDone())
        {
            joined.completeExceptionally(new JoinFailedException(
                user + ": connection closed before the join ack (" + reason + ")", "closed before join ack: " + reason));
        }
        else if (!closing)
        {
            listener.onClosedEarly(this, reason);
        }
    }

    void failJoin(final Throwable cause)
    {
        joined.completeExceptionally(cause);
    }

    /** Closes the channel as the generator's own decision (not counted as an early close). */
    public ChannelFuture close()
    {
        closing = true;
        final Channel ch = channel;
        return ch == null ? null : ch.close();
    }
}
