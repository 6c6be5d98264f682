package io.ringway.gateway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.ringway.codec.ErrorCode;
import io.ringway.gateway.auth.RoomGrants;
import io.ringway.gateway.protocol.ServerMessages;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection as the gateway sees it: its id on the engine link, its wire format,
 * the user bound to it (none until it authenticates) and the rooms its token grants, its state
 * and its outbound lanes.
 * Identity and state changes happen on the channel's event loop; {@link #send} is safe from any
 * thread.
 */
public final class GatewaySession
{
    /** How long a closing connection may take to flush its farewell before it is cut. */
    static final long FORCE_CLOSE_AFTER_MS = 1_000;
    /** The message of the {@code unauthenticated} error a connection gets when its token's {@code exp} passes. */
    public static final String TOKEN_EXPIRED = "token expired: authenticate again with a fresh token before exp";

    private final long id;
    private final Channel channel;
    private final WireFormat format;
    private final SessionOutbound outbound;
    private volatile ConnectionState state = ConnectionState.INIT;
    private String user;
    private UnsafeBuffer userUtf8;
    private RoomGrants grants = RoomGrants.UNRESTRICTED;
    /** Event loop only; created on the first typing command. */
    private TypingThrottle typingThrottle;
    /** Event loop only: closes the connection when its token expires; null without a token. */
    private ScheduledFuture<?> tokenExpiry;

    /** The registry's count of connections closed as slow consumers. */
    private final AtomicLong slowConsumerCloses;

    GatewaySession(final long id, final Channel channel, final WireFormat format, final int controlLimit,
        final int realtimeLimit, final int standardLimit, final AtomicLong slowConsumerCloses)
    {
        this.id = id;
        this.slowConsumerCloses = slowConsumerCloses;
        this.channel = channel;
        this.format = format;
        this.outbound = new SessionOutbound(this, channel, controlLimit, realtimeLimit, standardLimit);
    }

    public long id()
    {
        return id;
    }

    public Channel channel()
    {
        return channel;
    }

    public WireFormat format()
    {
        return format;
    }

    public ConnectionState state()
    {
        return state;
    }

    /** Null until the session has an identity. */
    public String user()
    {
        return user;
    }

    public UnsafeBuffer userUtf8()
    {
        return userUtf8;
    }

    public boolean isAuthenticated()
    {
        return user != null;
    }

    /** Rooms this connection may join and publish to; {@link RoomGrants#UNRESTRICTED} unless its token says otherwise. */
    public RoomGrants grants()
    {
        return grants;
    }

    /** Event loop: this connection's typing rate limit. */
    public TypingThrottle typingThrottle()
    {
        if (typingThrottle == null)
        {
            typingThrottle = new TypingThrottle();
        }
        return typingThrottle;
    }

    /** Event loop. */
    public void bindUser(final String user)
    {
        bindUser(user, RoomGrants.UNRESTRICTED);
    }

    /** Event loop. */
    public void bindUser(final String user, final RoomGrants grants)
    {
        this.user = user;
        this.userUtf8 = new UnsafeBuffer(user.getBytes(StandardCharsets.UTF_8));
        this.grants = grants;
    }

    /** Event loop: a newer token for the same user replaces the grants of the one before. */
    public void replaceGrants(final RoomGrants grants)
    {
        this.grants = grants;
    }

    /**
     * Event loop: the connection's token is valid for {@code validForMs} more; then the connection
     * is closed with {@code unauthenticated}. A newer token (a later {@code auth}) replaces the deadline.
     */
    public void expireTokenAfter(final long validForMs)
    {
        if (tokenExpiry != null)
        {
            tokenExpiry.cancel(false);
        }
        tokenExpiry = channel.eventLoop().schedule(
            () -> close(ErrorCode.UNAUTHENTICATED, TOKEN_EXPIRED), Math.max(0, validForMs), TimeUnit.MILLISECONDS);
    }

    /** Event loop: the transport is ready (TCP accepted, WebSocket handshake done). */
    public void open()
    {
        if (state == ConnectionState.INIT)
        {
            state = ConnectionState.OPEN;
        }
    }

    /** Any thread. Takes ownership of {@code message}. */
    public boolean send(final Priority priority, final ByteBuf message)
    {
        return outbound.offer(priority, message);
    }

    /** Any thread. The newest message for a key replaces an older one not yet written. */
    public boolean sendRealtime(final long key, final ByteBuf message)
    {
        return outbound.offerRealtime(key, message);
    }

    /** Event loop: Netty's writability flipped. */
    public void onWritabilityChanged()
    {
        if (channel.isWritable())
        {
            if (state == ConnectionState.DRAINING)
            {
                state = ConnectionState.OPEN;
            }
            outbound.scheduleDrain();
        }
        else if (state == ConnectionState.OPEN)
        {
            state = ConnectionState.DRAINING;
        }
    }

    void onUnwritable()
    {
        if (state == ConnectionState.OPEN)
        {
            state = ConnectionState.DRAINING;
        }
    }

    void onSlowConsumer(final String overflow)
    {
        if (!state.isClosingOrClosed())
        {
            slowConsumerCloses.incrementAndGet();
        }
        close(ErrorCode.SLOW_CONSUMER, "outbound queue overflowed (" + overflow + "): the client is not reading fast enough");
    }

    /**
     * Event loop: says why (an error message in the session's format, then for WebSocket a close
     * frame whose code matches and whose reason is the error code) and closes. The farewell bypasses the lanes; if the client does not read it within a second
     * the connection is cut anyway.
     */
    public void close(final ErrorCode reason, final String message)
    {
        close(reason, message, null, 0, 0);
    }

    /** Like {@link #close(ErrorCode, String)}, with the {@code id} of the command that caused it echoed in the error. */
    public void close(
        final ErrorCode reason, final String message,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        if (state.isClosingOrClosed())
        {
            return;
        }
        state = ConnectionState.CLOSING;
        outbound.releaseAll();
        final ByteBuf error = ServerMessages.error(channel.alloc(), format, corrId, corrIdOffset, corrIdLength, reason, message);
        switch (format)
        {
            case WEBSOCKET_JSON:
            case WEBSOCKET_BINARY:
                channel.write(error); // a whole WebSocket frame already (ServerMessages.toBuf)
                channel.writeAndFlush(new CloseWebSocketFrame(CloseCodes.forError(reason), reason.code()))
                    .addListener(ChannelFutureListener.CLOSE);
                break;
            default:
                channel.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
                break;
        }
        channel.eventLoop().schedule(() -> channel.close(), FORCE_CLOSE_AFTER_MS, TimeUnit.MILLISECONDS);
    }

    /** Event loop: the channel is closed; frees what is queued. */
    public void onChannelClosed()
    {
        state = ConnectionState.CLOSED;
        outbound.releaseAll();
        if (tokenExpiry != null)
        {
            tokenExpiry.cancel(false);
        }
    }

    @Override
    public String toString()
    {
        return "session " + Long.toHexString(id) + " (" + (user == null ? "anonymous" : user) + ", " + format + ", " + state + ")";
    }
}
