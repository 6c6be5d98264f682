package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.PrivateRoomId;
import io.ringway.codec.frame.ClientFrameFlyweight;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.json.ClientCommand;
import io.ringway.codec.json.ClientCommandParser;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.link.EngineLink;
import io.ringway.gateway.auth.JwtVerifier;
import io.ringway.gateway.ws.ServerWebSocketFrames;
import io.ringway.gateway.auth.RoomGrants;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.Priority;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Where every client message enters: validates it, answers what the gateway answers itself
 * (auth, ping, heartbeat, every validation error) and translates the rest into internal link
 * commands for the engine. Transport-neutral: WebSocket JSON, WebSocket binary and raw TCP all
 * come through here. Shared by all channels; per-thread scratch keeps it allocation-light.
 *
 * <p>Identity comes in two modes. With a {@link JwtVerifier} (a secret or keys are configured), only
 * a verified token gives one: the {@code auth} command's token, HELLO's {@code token}, or the
 * WebSocket's {@code ?token=}; its {@code sub} is the user id and its {@code rooms} claim limits
 * join and publish, checked here before the command reaches the engine. A bad token gets
 * {@code unauthenticated} and the connection is closed. Without one (dev mode), {@code client_id}
 * on the WebSocket URL, the {@code auth} command's token, or HELLO's {@code user}/{@code token} is
 * trusted as the user id.
 *
 * <p>Typing is rate limited here, per connection ({@link io.ringway.gateway.session.TypingThrottle}),
 * with the gateway's clock: what is held back never reaches the engine or the journal.
 */
public final class ClientCommandHandler
{
    private static final int CLOSE_RETRY_MS = 1;
    private static final int CLOSE_RETRY_LIMIT = 5_000;

    private static final FastThreadLocal<ClientCommandParser> PARSER = new FastThreadLocal<>()
    {
        @Override
        protected ClientCommandParser initialValue()
        {
            return new ClientCommandParser();
        }
    };

    private static final FastThreadLocal<ExpandableArrayBuffer> LINK_SCRATCH = new FastThreadLocal<>()
    {
        @Override
        protected ExpandableArrayBuffer initialValue()
        {
            return new ExpandableArrayBuffer(1024);
        }
    };

    private static final FastThreadLocal<byte[][]> INPUT = new FastThreadLocal<>()
    {
        @Override
        protected byte[][] initialValue()
        {
            return new byte[][] {new byte[4096]};
        }
    };

    private final EngineLink link;
    /** Null in dev mode. */
    private final JwtVerifier verifier;
    /** Monotonic nanoseconds, for the typing rate limit. */
    private final LongSupplier nanoClock;

    /** Dev mode: identities are trusted. */
    public ClientCommandHandler(final EngineLink link)
    {
        this(link, null);
    }

    /** @param verifier checks tokens; null for dev mode */
    public ClientCommandHandler(final EngineLink link, final JwtVerifier verifier)
    {
        this(link, verifier, System::nanoTime);
    }

    /**
     * @param verifier  checks tokens; null for dev mode
     * @param nanoClock monotonic nanoseconds ({@link System#nanoTime()}; tests pass their own)
     */
    public ClientCommandHandler(final EngineLink link, final JwtVerifier verifier, final LongSupplier nanoClock)
    {
        this.link = link;
        this.verifier = verifier;
        this.nanoClock = nanoClock;
    }

    /** True when only a verified token gives an identity ({@code client_id} and HELLO's {@code user} do not). */
    public boolean requiresToken()
    {
        return verifier != null;
    }

    public int gatewayId()
    {
        return link.gatewayId();
    }

    /** A WebSocket text message: one JSON command. */
    public void onJson(final GatewaySession session, final ByteBuf content)
    {
        final int length = content.readableBytes();
        final byte[] input = inputArray(length);
        content.getBytes(content.readerIndex(), input, 0, length);
        handle(session, PARSER.get().parseJson(input, 0, length));
    }

    /**
     * One whole binary frame whose header was already validated by {@link ClientFrames}.
     * HEARTBEAT is echoed (answered with a pong on a JSON session); the other command types carry a JSON payload.
     */
    public void onFrame(final GatewaySession session, final ByteBuf frame)
    {
        final int start = frame.readerIndex();
        final int type = frame.getUnsignedByte(start + ClientFrameFlyweight.TYPE_OFFSET);
        final int flags = frame.getUnsignedByte(start + ClientFrameFlyweight.FLAGS_OFFSET);
        final int payloadLength = frame.readableBytes() - ClientFrameFlyweight.HEADER_LENGTH;
        if (type == FrameType.HEARTBEAT)
        {
            // A JSON WebSocket session only ever gets JSON text frames: the raw frame (any bytes) would be an
            // invalid text message, so it gets a pong instead of the echo.
            final ByteBuf reply;
            switch (session.format())
            {
                case TCP_BINARY:
                    reply = frame.retainedSlice();
                    break;
                case WEBSOCKET_BINARY:
                    reply = ServerWebSocketFrames.binary(session.channel().alloc(), frame);
                    break;
                default:
                    reply = ServerMessages.pong(session.channel().alloc(), session.format(), System.currentTimeMillis());
                    break;
            }
            session.send(Priority.CONTROL, reply);
            return;
        }
        if ((flags & ClientFrameFlyweight.FLAG_JSON) == 0 || payloadLength == 0)
        {
            session.close(ErrorCode.BAD_FRAME, FrameType.name(type) + " needs a JSON payload (flags 0x01)");
            return;
        }
        final byte[] input = inputArray(payloadLength);
        frame.getBytes(start + ClientFrameFlyweight.HEADER_LENGTH, input, 0, payloadLength);
        final ClientCommand command = PARSER.get().parseFramePayload(type, input, 0, payloadLength);
        if (command.isMalformed())
        {
            // An undecodable payload breaks the binary protocol: ERROR frame, then close (a missing field does not).
            session.close(ErrorCode.BAD_FRAME, FrameType.name(type) + " payload is not a UTF-8 JSON object: " + command.errorMessage());
            return;
        }
        handle(session, command);
    }

    private void handle(final GatewaySession session, final ClientCommand command)
    {
        final DirectBuffer fields = command.fields();
        if (!command.isValid())
        {
            reply(session, command.error(), command.errorMessage(), fields, command.corrIdOffset(), command.corrIdLength());
            return;
        }
        final ClientCommand.Kind kind = command.kind();
        if (kind == ClientCommand.Kind.PING)
        {
            session.send(Priority.CONTROL, ServerMessages.pong(session.channel().alloc(), session.format(),
                fields, command.corrIdOffset(), command.corrIdLength(), System.currentTimeMillis()));
            return;
        }
        if (kind == ClientCommand.Kind.AUTH)
        {
            authenticate(session, command);
            return;
        }
        if (!session.isAuthenticated())
        {
            reply(session, ErrorCode.UNAUTHENTICATED, verifier == null
                    ? "authenticate first: client_id, auth or HELLO"
                    : "authenticate first: a JWT in auth, HELLO or ?token=",
                fields, command.corrIdOffset(), command.corrIdLength());
            return;
        }
        if (!isGranted(session.grants(), kind, fields, command.nameOffset(), command.nameLength()))
        {
            reply(session, ErrorCode.FORBIDDEN, kind == ClientCommand.Kind.JOIN || kind == ClientCommand.Kind.HISTORY
                    ? "the token does not allow joining (reading) this room"
                    : "the token does not allow publishing to this room",
                fields, command.corrIdOffset(), command.corrIdLength());
            return;
        }
        if (kind == ClientCommand.Kind.TYPING)
        {
            offerTyping(session, command);
            return;
        }
        if (kind == ClientCommand.Kind.CREATE_GROUP || kind == ClientCommand.Kind.ADD_MEMBER || kind == ClientCommand.Kind.REMOVE_MEMBER)
        {
            offerGroupCommand(session, command);
            return;
        }
        if (kind == ClientCommand.Kind.EDIT || kind == ClientCommand.Kind.DELETE || kind == ClientCommand.Kind.HISTORY ||
            kind == ClientCommand.Kind.JOIN && command.resume() ||
            kind == ClientCommand.Kind.PUBLISH && command.clientMsgIdLength() > 0)
        {
            offerHistoryCommand(session, command);
            return;
        }
        final int type;
        switch (kind)
        {
            case JOIN: type = LinkType.JOIN; break;
            case LEAVE: type = LinkType.LEAVE; break;
            case PUBLISH: type = LinkType.PUBLISH; break;
            case DIRECT: type = LinkType.DIRECT; break;
            case PRESENCE: type = LinkType.PRESENCE_QUERY; break;
            case PRIVATE: type = LinkType.OPEN_PRIVATE; break;
            default:
                reply(session, ErrorCode.UNKNOWN_TYPE, null, fields, command.corrIdOffset(), command.corrIdLength());
                return;
        }
        final ExpandableArrayBuffer out = LINK_SCRATCH.get();
        out.checkLimit(LinkCommandEncoder.encodedLength(type, command.corrIdLength(), command.nameLength(), command.dataLength()));
        final int length = LinkCommandEncoder.encode(out, 0, type, link.gatewayId(), session.id(),
            fields, command.corrIdOffset(), command.corrIdLength(),
            fields, command.nameOffset(), command.nameLength(),
            command.data(), command.dataOffset(), command.dataLength());
        if (!link.offer(out, 0, length))
        {
            reply(session, ErrorCode.OVERLOADED, null, fields, command.corrIdOffset(), command.corrIdLength());
        }
    }

    /** create_group, add_member, remove_member: the engine checks who may (owner, admins) and the limits. */
    private void offerGroupCommand(final GatewaySession session, final ClientCommand command)
    {
        final DirectBuffer fields = command.fields();
        final ExpandableArrayBuffer out = LINK_SCRATCH.get();
        final int length;
        if (command.kind() == ClientCommand.Kind.CREATE_GROUP)
        {
            out.checkLimit(LinkCommandEncoder.createGroupLength(
                command.corrIdLength(), command.nameLength(), command.titleLength(), command.membersLength()));
            length = LinkCommandEncoder.encodeCreateGroup(out, 0, link.gatewayId(), session.id(),
                fields, command.corrIdOffset(), command.corrIdLength(),
                fields, command.nameOffset(), command.nameLength(),
                fields, command.titleOffset(), command.titleLength(),
                fields, command.membersOffset(), command.membersLength(), command.memberCount());
        }
        else
        {
            final int type = command.kind() == ClientCommand.Kind.ADD_MEMBER ? LinkType.ADD_MEMBER : LinkType.REMOVE_MEMBER;
            out.checkLimit(LinkCommandEncoder.memberChangeLength(type, command.corrIdLength(), command.nameLength(), command.userLength()));
            length = LinkCommandEncoder.encodeMemberChange(out, 0, type, link.gatewayId(), session.id(),
                fields, command.corrIdOffset(), command.corrIdLength(),
                fields, command.nameOffset(), command.nameLength(),
                fields, command.userOffset(), command.userLength(),
                command.role());
        }
        if (!link.offer(out, 0, length))
        {
            reply(session, ErrorCode.OVERLOADED, null, fields, command.corrIdOffset(), command.corrIdLength());
        }
    }

    /** EDIT, DELETE, HISTORY, JOIN_RESUME (a join with since/epoch/last), PUBLISH_ONCE (a publish with a client_msg_id). */
    private void offerHistoryCommand(final GatewaySession session, final ClientCommand command)
    {
        final int type;
        switch (command.kind())
        {
            case EDIT: type = LinkType.EDIT; break;
            case DELETE: type = LinkType.DELETE; break;
            case HISTORY: type = LinkType.HISTORY; break;
            case JOIN: type = LinkType.JOIN_RESUME; break;
            default: type = LinkType.PUBLISH_ONCE; break;
        }
        final DirectBuffer fields = command.fields();
        final ExpandableArrayBuffer out = LINK_SCRATCH.get();
        out.checkLimit(LinkCommandEncoder.encodedLength(
            type, command.corrIdLength(), command.nameLength(), command.clientMsgIdLength(), command.dataLength()));
        final int length = LinkCommandEncoder.encodeHistoryCommand(out, 0, type, link.gatewayId(), session.id(),
            fields, command.corrIdOffset(), command.corrIdLength(),
            fields, command.nameOffset(), command.nameLength(),
            fields, command.clientMsgIdOffset(), command.clientMsgIdLength(),
            command.seq(), command.epoch(), command.limit(), command.historyMode(),
            command.data(), command.dataOffset(), command.dataLength());
        if (!link.offer(out, 0, length))
        {
            reply(session, ErrorCode.OVERLOADED, null, fields, command.corrIdOffset(), command.corrIdLength());
        }
    }

    /**
     * Typing goes on unless the connection's throttle holds it back, silently. There is no ack; a
     * saturated engine drops it silently too (typing is best effort, receivers expire it).
     */
    private void offerTyping(final GatewaySession session, final ClientCommand command)
    {
        final DirectBuffer fields = command.fields();
        if (!session.typingThrottle().tryForward(
            fields, command.nameOffset(), command.nameLength(), command.typingStart(), nanoClock.getAsLong()))
        {
            return;
        }
        final ExpandableArrayBuffer out = LINK_SCRATCH.get();
        out.checkLimit(LinkCommandEncoder.encodedLength(LinkType.TYPING, command.corrIdLength(), command.nameLength(), 0));
        final int length = LinkCommandEncoder.encodeTyping(out, 0, link.gatewayId(), session.id(),
            fields, command.corrIdOffset(), command.corrIdLength(),
            fields, command.nameOffset(), command.nameLength(),
            command.typingStart() ? LinkCommandEncoder.TYPING_START : LinkCommandEncoder.TYPING_STOP);
        link.offer(out, 0, length);
    }

    /**
     * Join and publish are checked against the token's rooms claim: history as a join (it reads the
     * room), typing, edit and delete as a publish; leave, presence queries and direct messages are not
     * room grants. Nor are private rooms, for any command: the engine lets only their two users in,
     * like a direct message, whatever the token's rooms.
     */
    private static boolean isGranted(
        final RoomGrants grants, final ClientCommand.Kind kind, final DirectBuffer room, final int offset, final int length)
    {
        if (PrivateRoomId.isReserved(room, offset, length))
        {
            return true;
        }
        switch (kind)
        {
            case JOIN:
            case HISTORY:
                return grants.allowsJoin(room, offset, length);
            case PUBLISH:
            case TYPING:
            case EDIT:
            case DELETE:
                return grants.allowsPublish(room, offset, length);
            default: return true;
        }
    }

    private void authenticate(final GatewaySession session, final ClientCommand command)
    {
        if (verifier != null)
        {
            authenticateWithToken(session, command);
            return;
        }
        // Dev mode: the token (or HELLO's user) is the user id.
        final String user = command.name();
        final byte[] utf8 = user.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > ClientCommandParser.MAX_NAME_LENGTH)
        {
            reply(session, ErrorCode.BAD_REQUEST, "user id must be 1 to " + ClientCommandParser.MAX_NAME_LENGTH + " bytes",
                command.fields(), command.corrIdOffset(), command.corrIdLength());
            return;
        }
        if (session.isAuthenticated())
        {
            if (session.user().equals(user))
            {
                sendAuthOk(session, command);
            }
            else
            {
                reply(session, ErrorCode.ALREADY_AUTHENTICATED, "connection is bound to " + session.user(),
                    command.fields(), command.corrIdOffset(), command.corrIdLength());
            }
            return;
        }
        if (!openSession(session, user))
        {
            reply(session, ErrorCode.OVERLOADED, null, command.fields(), command.corrIdOffset(), command.corrIdLength());
            return;
        }
        sendAuthOk(session, command);
    }

    private void authenticateWithToken(final GatewaySession session, final ClientCommand command)
    {
        final DirectBuffer fields = command.fields();
        if (!command.nameIsToken())
        {
            // HELLO {"user":...} names an identity without proving it: not enough here, but no bad token either.
            reply(session, ErrorCode.UNAUTHENTICATED, "this server needs a JWT: send a token, a user is not trusted",
                fields, command.corrIdOffset(), command.corrIdLength());
            return;
        }
        final JwtVerifier.Result result = verifier.verify(command.name());
        if (!result.isAccepted())
        {
            session.close(ErrorCode.UNAUTHENTICATED, result.rejection(), fields, command.corrIdOffset(), command.corrIdLength());
            return;
        }
        if (session.isAuthenticated())
        {
            if (session.user().equals(result.user()))
            {
                session.replaceGrants(result.grants()); // a refreshed token may grant other rooms
                session.expireTokenAfter(result.validForMs()); // ... and keeps the connection open longer
                sendAuthOk(session, command);
            }
            else
            {
                reply(session, ErrorCode.ALREADY_AUTHENTICATED, "connection is bound to " + session.user(),
                    fields, command.corrIdOffset(), command.corrIdLength());
            }
            return;
        }
        if (!openSession(session, result.user(), result.grants()))
        {
            reply(session, ErrorCode.OVERLOADED, null, fields, command.corrIdOffset(), command.corrIdLength());
            return;
        }
        session.expireTokenAfter(result.validForMs());
        sendAuthOk(session, command);
    }

    /**
     * The WebSocket's {@code ?token=}: a verified token binds the session like {@code auth} does
     * (without an {@code auth_ok}, as {@code client_id} has none); a bad one closes it. JWT mode only.
     */
    public void authenticateQueryToken(final GatewaySession session, final String token)
    {
        final JwtVerifier.Result result = verifier.verify(token);
        if (!result.isAccepted())
        {
            session.close(ErrorCode.UNAUTHENTICATED, result.rejection());
        }
        else if (!openSession(session, result.user(), result.grants()))
        {
            session.send(Priority.CONTROL, ServerMessages.error(session.channel().alloc(), session.format(), ErrorCode.OVERLOADED, null));
        }
        else
        {
            session.expireTokenAfter(result.validForMs());
        }
    }

    /**
     * Binds {@code user} to the session and tells the engine (SESSION_OPEN).
     *
     * @return false when the engine is saturated; the session stays anonymous.
     */
    public boolean openSession(final GatewaySession session, final String user)
    {
        return openSession(session, user, RoomGrants.UNRESTRICTED);
    }

    /** Like {@link #openSession(GatewaySession, String)}, limited to the rooms {@code grants} allows. */
    public boolean openSession(final GatewaySession session, final String user, final RoomGrants grants)
    {
        final byte[] utf8 = user.getBytes(StandardCharsets.UTF_8);
        final ExpandableArrayBuffer out = LINK_SCRATCH.get();
        out.checkLimit(LinkCommandEncoder.encodedLength(LinkType.SESSION_OPEN, 0, utf8.length, 0));
        final org.agrona.concurrent.UnsafeBuffer name = new org.agrona.concurrent.UnsafeBuffer(utf8);
        final int length = LinkCommandEncoder.encode(out, 0, LinkType.SESSION_OPEN, link.gatewayId(), session.id(),
            null, 0, 0, name, 0, utf8.length, null, 0, 0);
        if (!link.offer(out, 0, length))
        {
            return false;
        }
        session.bindUser(user, grants);
        return true;
    }

    /** auth_ok for the session's user, echoing the command's id. */
    private static void sendAuthOk(final GatewaySession session, final ClientCommand command)
    {
        session.send(Priority.CONTROL, ServerMessages.authOk(session.channel().alloc(), session.format(),
            command.fields(), command.corrIdOffset(), command.corrIdLength(),
            session.userUtf8(), session.userUtf8().capacity()));
    }

    /**
     * The connection closed: tell the engine, so the session leaves its rooms. This must not be
     * lost, so a saturated ring is retried from the event loop rather than dropped.
     */
    public void closeSession(final GatewaySession session)
    {
        if (session.isAuthenticated())
        {
            offerClose(session, 0);
        }
    }

    private void offerClose(final GatewaySession session, final int attempt)
    {
        final ExpandableArrayBuffer out = LINK_SCRATCH.get();
        final int length = LinkCommandEncoder.encodeEmpty(out, 0, LinkType.SESSION_CLOSE, link.gatewayId(), session.id());
        if (!link.offer(out, 0, length) && attempt < CLOSE_RETRY_LIMIT)
        {
            session.channel().eventLoop().schedule(
                () -> offerClose(session, attempt + 1), CLOSE_RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Tells the engine that every session this gateway held before is gone. Sent once at start. */
    public boolean resetGateway()
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        final int length = LinkCommandEncoder.encodeEmpty(out, 0, LinkType.GATEWAY_RESET, link.gatewayId(), 0L);
        return link.offer(out, 0, length);
    }

    private static void reply(
        final GatewaySession session, final ErrorCode code, final String message,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        session.send(Priority.CONTROL, ServerMessages.error(
            session.channel().alloc(), session.format(), corrId, corrIdOffset, corrIdLength, code, message));
    }

    private static byte[] inputArray(final int length)
    {
        final byte[][] holder = INPUT.get();
        if (holder[0].length < length)
        {
            holder[0] = new byte[Math.max(length, holder[0].length * 2)];
        }
        return holder[0];
    }
}
