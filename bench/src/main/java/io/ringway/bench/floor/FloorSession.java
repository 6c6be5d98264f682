package io.ringway.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.ringway.bench.load.LoadMessages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection of the floor server, the last handler of its pipeline: binds the user from
 * {@code ?client_id=} at the handshake, then answers {@code join} and {@code publish} (client JSON
 * in text frames) on the connection's own event loop, and delivers each publish to the room's
 * members from there. Anything else gets an error reply and the connection stays open.
 * <p>
 * Ordering: a recipient gets one publisher's messages in seq order (one publisher's publishes run
 * in order on one event loop, and each recipient is written to the same way each time). Messages
 * of several publishers in one room, on different event loops, may interleave out of seq order;
 * the load generator has one publisher per room.
 */
final class FloorSession extends ChannelInboundHandlerAdapter
{
    /** Longest room or user name (PROTOCOL.md: 1-128 bytes). */
    static final int MAX_NAME_LENGTH = 128;
    /** Longest {@code id} as written, quotes included (PROTOCOL.md: up to 64 bytes). */
    static final int MAX_ID_LENGTH = 66;

    private static final byte[] TYPE_JOIN = LoadMessages.ascii("\"join\"");
    private static final byte[] TYPE_PUBLISH = LoadMessages.ascii("\"publish\"");
    private static final byte[] USER_SUFFIX = LoadMessages.ascii("\",\"seq\":");
    /** Set on a member that was dropped as a slow consumer, so it is dropped once. */
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.valueOf("floor-dropped");

    private final FloorRooms rooms;
    private final CommandFields fields = new CommandFields();
    /** Rooms this connection joined (usually one); event-loop confined. */
    private final List<FloorRoom> joined = new ArrayList<>(1);
    /** {@code <user>","seq":}, the part of a message after the room's prefix; null until a valid client_id. */
    private byte[] userAndSeq;

    FloorSession(final FloorRooms rooms)
    {
        this.rooms = rooms;
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof HandshakeComplete handshake)
        {
            final List<String> ids = new QueryStringDecoder(handshake.requestUri()).parameters().get("client_id");
            final String user = ids == null || ids.isEmpty() ? null : ids.get(0);
            if (isSafeName(user))
            {
                final byte[] name = LoadMessages.ascii(user);
                userAndSeq = new byte[name.length + USER_SUFFIX.length];
                System.arraycopy(name, 0, userAndSeq, 0, name.length);
                System.arraycopy(USER_SUFFIX, 0, userAndSeq, name.length, USER_SUFFIX.length);
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        try
        {
            if (msg instanceof TextWebSocketFrame text)
            {
                // whole: the WebSocketFrameAggregator before us joined any fragments
                final ByteBuf content = text.content();
                onCommand(ctx.channel(), content, content.readerIndex(), content.writerIndex());
            }
            else if (msg instanceof WebSocketFrame)
            {
                // binary: the load generator's ws-json sends none
                reply(ctx.channel(), FloorFrames.error(ctx.alloc(), FloorError.BAD_REQUEST));
            }
            else if (msg instanceof FullHttpRequest)
            {
                notFound(ctx);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        for (final FloorRoom room : joined)
        {
            rooms.leave(room, ctx.channel());
        }
        joined.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // a reset peer or a failed write: nothing to tell anyone, and no logging per connection
        ctx.close();
    }

    private void onCommand(final Channel channel, final ByteBuf buf, final int from, final int to)
    {
        final CommandFields f = fields;
        if (!f.scan(buf, from, to))
        {
            reply(channel, FloorFrames.error(channel.alloc(), FloorError.BAD_REQUEST));
            return;
        }
        if (f.idFrom != CommandFields.ABSENT && !isValidId(buf, f.idFrom, f.idTo))
        {
            reply(channel, FloorFrames.error(channel.alloc(), FloorError.BAD_REQUEST));
            return;
        }
        if (!CommandFields.isString(buf, f.typeFrom))
        {
            replyError(channel, buf, FloorError.BAD_REQUEST);
        }
        else if (userAndSeq == null)
        {
            replyError(channel, buf, FloorError.UNAUTHENTICATED);
        }
        else if (CommandFields.is(buf, f.typeFrom, f.typeTo, TYPE_PUBLISH))
        {
            publish(channel, buf);
        }
        else if (CommandFields.is(buf, f.typeFrom, f.typeTo, TYPE_JOIN))
        {
            join(channel, buf);
        }
        else
        {
            replyError(channel, buf, FloorError.UNKNOWN_TYPE);
        }
    }

    private void join(final Channel channel, final ByteBuf buf)
    {
        final CommandFields f = fields;
        if (!isSafeName(buf, f.roomFrom, f.roomTo))
        {
            replyError(channel, buf, FloorError.BAD_REQUEST);
            return;
        }
        if (joinedRoom(buf) == null)
        {
            final String name = buf.toString(f.roomFrom + 1, f.roomTo - f.roomFrom - 2, StandardCharsets.US_ASCII);
            joined.add(rooms.join(name, channel));
        }
        reply(channel, FloorFrames.ack(channel.alloc(), buf, f.idFrom, f.idTo, -1));
    }

    /**
     * The hot path: ack to the publisher, and one encoded message shared by every member, the
     * publisher included. The ack is written unflushed; the publisher's own delivery flushes both.
     */
    private void publish(final Channel channel, final ByteBuf buf)
    {
        final CommandFields f = fields;
        if (!CommandFields.isString(buf, f.roomFrom) || f.dataFrom == CommandFields.ABSENT)
        {
            replyError(channel, buf, FloorError.BAD_REQUEST);
            return;
        }
        final FloorRoom room = joinedRoom(buf);
        if (room == null)
        {
            replyError(channel, buf, FloorError.NOT_MEMBER);
            return;
        }
        final long seq = room.nextSeq();
        final ByteBuf message = FloorFrames.message(
            channel.alloc(), room.messagePrefix(), userAndSeq, seq, System.currentTimeMillis(), buf, f.dataFrom, f.dataTo);
        channel.write(FloorFrames.ack(channel.alloc(), buf, f.idFrom, f.idTo, seq), channel.voidPromise());
        try
        {
            for (final Channel member : room.members())
            {
                if (member.isWritable())
                {
                    // another event loop's channel: Netty hands the write over to it
                    member.writeAndFlush(message.retainedDuplicate(), member.voidPromise());
                }
                else if (member.isActive())
                {
                    dropSlowConsumer(member);
                }
            }
        }
        finally
        {
            message.release();
        }
    }

    /** The joined room named by the command's {@code room} string, or null. */
    private FloorRoom joinedRoom(final ByteBuf buf)
    {
        final List<FloorRoom> rooms = joined;
        for (int i = 0; i < rooms.size(); i++)
        {
            final FloorRoom room = rooms.get(i);
            if (room.isNamed(buf, fields.roomFrom, fields.roomTo))
            {
                return room;
            }
        }
        return null;
    }

    /**
     * A member whose outbound buffer passed the high-water mark is not reading: buffering for it
     * without bound would end in an OutOfMemoryError, so it is told (best effort) and closed, as
     * Ringway closes a slow consumer.
     */
    private static void dropSlowConsumer(final Channel member)
    {
        if (member.attr(DROPPED).setIfAbsent(Boolean.TRUE) == null)
        {
            member.writeAndFlush(FloorFrames.error(member.alloc(), FloorError.SLOW_CONSUMER), member.voidPromise());
            member.close();
        }
    }

    private void replyError(final Channel channel, final ByteBuf buf, final FloorError error)
    {
        reply(channel, FloorFrames.error(channel.alloc(), buf, fields.idFrom, fields.idTo, error));
    }

    private static void reply(final Channel channel, final ByteBuf frame)
    {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    private static void notFound(final ChannelHandlerContext ctx)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** An id is a string or an integer, up to 64 bytes as written (PROTOCOL.md), echoed verbatim. */
    static boolean isValidId(final ByteBuf buf, final int from, final int to)
    {
        if (to - from > MAX_ID_LENGTH)
        {
            return false;
        }
        if (buf.getByte(from) == '"')
        {
            return true;
        }
        if (to - from > MAX_ID_LENGTH - 2)
        {
            return false;
        }
        for (int i = from; i < to; i++)
        {
            final byte b = buf.getByte(i);
            if ((b < '0' || b > '9') && !(b == '-' && i == from && to - from > 1))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Room and user names go into JSON unescaped, so they are kept to the load generator's safe
     * set: 1-128 characters of {@code [A-Za-z0-9._:-]} (LoadMessages.requireSafeName).
     */
    static boolean isSafeName(final String name)
    {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (!isSafeNameChar(name.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Same as {@link #isSafeName(String)} for a string value {@code [from, to)}, quotes included. */
    static boolean isSafeName(final ByteBuf buf, final int from, final int to)
    {
        if (!CommandFields.isString(buf, from) || to - from < 3 || to - from > MAX_NAME_LENGTH + 2)
        {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++)
        {
            if (!isSafeNameChar((char)(buf.getByte(i) & 0xFF)))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isSafeNameChar(final char c)
    {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-';
    }
}
