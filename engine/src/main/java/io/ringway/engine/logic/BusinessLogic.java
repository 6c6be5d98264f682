package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.EngineSettingsBlock;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.HistoryConfig;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeSet;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The engine's state machine: sessions, users, rooms, membership, presence and offline direct
 * messages, changed only by journaled commands, on one thread, without locks.
 *
 * <p>Membership and presence (PROTOCOL.md, "Presence and typing"): a session joins a room to receive its
 * traffic; a user is a member of the room from its first session's join until the last of its
 * joined sessions leaves, and stays a member, offline, when its sessions close. A user is online
 * while it has a session open. The other members' joined sessions get ROOM_PRESENCE events on
 * each transition only: join, leave, online (first session opened), offline (last one closed), in
 * rooms of up to {@code --presence-announce-max} members ({@link RoomNotices}).
 * Typing is relayed (ROOM_TYPING) and not kept: there is no typing state, no timer, no expiry here.
 *
 * <p>Group and private rooms, their managed membership and the room limits are {@link GroupRooms}'
 * (the join rule included); who may read a room is {@link RoomAccess#canRead}. A joined connection
 * of a group is always a member's: removing a member takes its connections out of the fan-out, so
 * publish, typing and presence need no check beyond "has this connection joined".
 * <p>Direct messages, to a user's open connections or into its inbox while it has none, are
 * {@link DirectMessages}'.
 * <p>Message history ({@link RoomHistory}): every publish is kept in its room's bounded
 * {@link MessageLog} with its id (the journal sequence of the PUBLISH); edits, deletes, client message
 * id deduplication, history pages and a join's backlog are served from there. A page older than
 * memory goes to the {@link HistoryFallback} (the engine's journal reader) and emits nothing here.
 *
 * <p>Determinism rules (see DESIGN.md): the output is a pure function of the command stream.
 * Time is the journal timestamp passed in, sequence numbers come from counters in this state,
 * iteration orders are insertion orders, and nothing reads a clock, a random source or the
 * environment. Every outbound event goes through {@link #emit} and so into the digest.
 *
 * <p>Hot path (publish to a room): no allocation. State growth (a new room, a new user, an
 * offline message) allocates, as it must.
 */
public final class BusinessLogic
{
    private static final long NO_SEQ = LinkEventEncoder.NO_SEQ;
    /** Session ids are 48 bits so (gateway, session) packs into one long map key. */
    public static final long MAX_SESSION_ID = (1L << 48) - 1;

    private final LinkCommandDecoder command = new LinkCommandDecoder();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);
    private final OutboundDigest digest = new OutboundDigest();
    private final Long2ObjectHashMap<SessionState> sessions = new Long2ObjectHashMap<>();
    private final NameTable<UserState> users = new NameTable<>(1024);
    private final NameTable<RoomState> rooms = new NameTable<>(1024);
    private final OutboundSink sink;
    private final GroupRooms groups;
    private final DirectMessages directMessages;
    private final RoomNotices notices;
    private final RoomHistory history;

    private long lastAppliedSequence;
    private long commandsApplied;
    private long rejectedCommands;

    public BusinessLogic(final OutboundSink sink, final int inboxLimit)
    {
        this(sink, inboxLimit, RoomLimits.DEFAULTS, HistoryConfig.DEFAULTS);
    }

    public BusinessLogic(final OutboundSink sink, final int inboxLimit, final RoomLimits roomLimits)
    {
        this(sink, inboxLimit, roomLimits, HistoryConfig.DEFAULTS);
    }

    public BusinessLogic(final OutboundSink sink, final int inboxLimit, final HistoryConfig historyConfig)
    {
        this(sink, inboxLimit, RoomLimits.DEFAULTS, historyConfig);
    }

    /** @param settings the settings before the journal's first ENGINE_SETTINGS: {@link LogicSettings#DEFAULTS} for an engine's journal */
    public BusinessLogic(final OutboundSink sink, final LogicSettings settings)
    {
        this(sink, settings.inboxLimit(), settings.roomLimits(), settings.history());
    }

    public BusinessLogic(final OutboundSink sink, final int inboxLimit, final RoomLimits roomLimits, final HistoryConfig historyConfig)
    {
        this.sink = sink;
        this.directMessages = new DirectMessages(command, out, users, this::emit, inboxLimit);
        this.notices = new RoomNotices(command, out, this::emit, roomLimits);
        this.history = new RoomHistory(historyConfig, command, out, this::emit);
        this.groups = new GroupRooms(command, out, rooms, users, this::emit,
            (room, timestampMs) -> history.onRoomCreated(room, lastAppliedSequence, timestampMs), roomLimits);
    }

    public long lastAppliedSequence()
    {
        return lastAppliedSequence;
    }

    public long digest()
    {
        return digest.value();
    }

    public long commandsApplied()
    {
        return commandsApplied;
    }

    /** Commands that did not decode (never produced by a healthy gateway). */
    public long rejectedCommands()
    {
        return rejectedCommands;
    }

    public int sessionCount()
    {
        return sessions.size();
    }

    public int roomCount()
    {
        return rooms.size();
    }

    /**
     * A copy of a room's members and sequence, for offline inspection ({@code ringway replay --room}).
     * Reads only, so the outbound stream and the digest are the same whether or not it is called;
     * it allocates, so call it from the thread that owns this state and never per command.
     *
     * @return null when there is no room of that name
     */
    public RoomView describeRoom(final String name)
    {
        final UnsafeBuffer key = StateViews.nameBuffer(name);
        final RoomState room = rooms.get(key, 0, key.capacity());
        return room == null ? null : StateViews.room(room, sessions);
    }

    /**
     * A copy of a user's open sessions, their rooms and its kept direct messages, for offline inspection
     * ({@code ringway replay --user}). Reads only and allocates, like {@link #describeRoom}.
     *
     * @return null when the engine holds nothing for that user: no open session and no kept message
     */
    public UserView describeUser(final String name)
    {
        final UnsafeBuffer key = StateViews.nameBuffer(name);
        final UserState user = users.get(key, 0, key.capacity());
        return user == null ? null : StateViews.user(user);
    }

    /** Users known: connected, a member of a room, or with direct messages waiting. */
    public int userCount()
    {
        return users.size();
    }

    /**
     * Serves {@code HISTORY} queries older than memory (the engine's history reader). Set it after the
     * start-up replay; it changes nothing in the outbound stream or the digest.
     */
    public void historyFallback(final HistoryFallback fallback)
    {
        history.fallback(fallback);
    }

    /**
     * Writes all of this state into {@code buffer} at {@code offset} (layout: {@link StateSnapshotWriter}), for a
     * snapshot. Call it on the thread that owns the state, between commands. Reads only: output and digest are
     * the same whether or not it is called. @return the length written
     */
    public int writeSnapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        return StateSnapshotWriter.write(this, buffer, offset);
    }

    /**
     * Loads a snapshot body into this fresh instance, which then carries on as the one that wrote it would.
     *
     * @throws IllegalStateException when the body does not add up, or this instance is not fresh; drop it then
     */
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        StateSnapshotReader.read(this, buffer, offset, length);
    }

    /** Layout version of {@link #writeSnapshot}'s body: a snapshot of another version is not loaded. */
    public static int snapshotFormatVersion()
    {
        return StateSnapshotWriter.FORMAT_VERSION;
    }

    NameTable<UserState> users()
    {
        return users;
    }

    RoomHistory history()
    {
        return history;
    }

    int inboxLimit()
    {
        return directMessages.inboxLimit();
    }

    /** The settings in force: the journal's last ENGINE_SETTINGS applied (or a snapshot's), else the constructor's. */
    public LogicSettings settings()
    {
        return new LogicSettings(directMessages.inboxLimit(), groups.limits(), history.config());
    }

    /**
     * From the next command on, as an ENGINE_SETTINGS command says (or a snapshot). Nothing is emitted. What already
     * exists stays (a session in more rooms, a fuller inbox, a bigger group), except kept messages: each room keeps at
     * most the new number at once.
     */
    void applySettings(final LogicSettings settings)
    {
        directMessages.inboxLimit(settings.inboxLimit());
        notices.limits(settings.roomLimits());
        groups.limits(settings.roomLimits());
        history.config(settings.history(), rooms);
    }

    RoomLimits roomLimits()
    {
        return groups.limits();
    }

    NameTable<RoomState> rooms()
    {
        return rooms;
    }

    Long2ObjectHashMap<SessionState> sessions()
    {
        return sessions;
    }

    void restoreCounters(final long lastAppliedSequence, final long commandsApplied, final long rejectedCommands, final long digest)
    {
        this.lastAppliedSequence = lastAppliedSequence;
        this.commandsApplied = commandsApplied;
        this.rejectedCommands = rejectedCommands;
        this.digest.restore(digest);
    }

    /**
     * Answers a command the journal could not take with {@code reason} ({@link ErrorCode#JOURNAL_UNAVAILABLE}, or
     * {@link ErrorCode#JOURNAL_OUTCOME_UNKNOWN} when its document may be in the journal after all), without applying it:
     * the client learns that the command was not applied, instead of waiting for an answer that never comes.
     * Commands that carry no correlation id (session open and close, a gateway reset) get nothing.
     *
     * <p>The error goes straight to the sink, not through the digest: a replay of the journal never answers this
     * (the command is not there, or, with an unknown outcome, a replay applies it), and the digest must be what a
     * replay computes. No state changes.
     */
    public void rejectUnjournaled(final DirectBuffer buffer, final int offset, final int length, final ErrorCode reason)
    {
        if (!command.wrap(buffer, offset, length))
        {
            return;
        }
        final int gatewayId = command.gatewayId();
        if (LinkCommandEncoder.hasCorrId(command.type()))
        {
            sink.onEvent(gatewayId, out, 0, encodeError(gatewayId, command.sessionId(), reason));
        }
        else if (command.type() == LinkType.SESSION_OPEN)
        {
            // No id to answer, and the session it would have opened does not exist here: unauthenticated, on which its
            // gateway closes the connection (already told auth_ok), so the client reconnects and authenticates afresh.
            sink.onEvent(gatewayId, out, 0, encodeError(gatewayId, command.sessionId(), ErrorCode.UNAUTHENTICATED));
        }
    }

    /** Applies one journaled command. */
    public void apply(final long sequence, final long timestampMs, final DirectBuffer buffer, final int offset, final int length)
    {
        lastAppliedSequence = sequence;
        history.sequence(sequence);
        commandsApplied++;
        if (!command.wrap(buffer, offset, length))
        {
            rejectedCommands++;
            return;
        }
        final int gatewayId = command.gatewayId();
        final long sessionId = command.sessionId();
        switch (command.type())
        {
            case LinkType.SESSION_OPEN:
                onSessionOpen(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.SESSION_CLOSE:
                onSessionClose(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.JOIN:
            case LinkType.JOIN_RESUME:
                onJoin(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.LEAVE:
                onLeave(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.PUBLISH:
            case LinkType.PUBLISH_ONCE:
                onPublish(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.EDIT:
            case LinkType.DELETE:
            case LinkType.HISTORY:
                onHistoryCommand(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.DIRECT:
                onDirect(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.GATEWAY_RESET:
                onGatewayReset(gatewayId, timestampMs);
                break;
            case LinkType.TYPING:
                onTyping(gatewayId, sessionId, timestampMs);
                break;
            case LinkType.PRESENCE_QUERY:
                onPresenceQuery(gatewayId, sessionId);
                break;
            case LinkType.ENGINE_SETTINGS:
                onEngineSettings();
                break;
            case LinkType.CREATE_GROUP:
            case LinkType.ADD_MEMBER:
            case LinkType.REMOVE_MEMBER:
            case LinkType.OPEN_PRIVATE:
                onGroupCommand(gatewayId, sessionId, timestampMs);
                break;
            default:
                rejectedCommands++;
                break;
        }
    }

    private void onEngineSettings()
    {
        if (command.gatewayId() != 0 || command.sessionId() != 0)
        {
            rejectedCommands++; // the engine's own command carries gateway 0, session 0: anything else did not come from it
            return;
        }
        if (EngineSettingsBlock.isNewer(command.buffer(), command.dataOffset(), command.dataLength()))
        {
            // Skipping it would carry on under stale settings, and so diverge from the engine that wrote it, silently.
            throw new IllegalStateException("an ENGINE_SETTINGS block of version " + command.buffer().getByte(command.dataOffset())
                + " at sequence " + lastAppliedSequence + " is newer than this engine reads (" + EngineSettingsBlock.VERSION + "): upgrade it");
        }
        final LogicSettings settings = LogicSettings.decode(command.buffer(), command.dataOffset(), command.dataLength());
        if (settings == null)
        {
            rejectedCommands++; // a value out of range: the settings in force stay
            return;
        }
        applySettings(settings);
    }

    private void onSessionOpen(final int gatewayId, final long sessionId, final long timestampMs)
    {
        if (command.nameLength() == 0 || sessionId <= 0 || sessionId > MAX_SESSION_ID)
        {
            rejectedCommands++;
            return;
        }
        final long key = sessionKey(gatewayId, sessionId);
        if (sessions.get(key) != null)
        {
            closeSession(sessions.get(key), timestampMs); // a reused id means the gateway lost the old session
        }
        UserState user = users.get(command.buffer(), command.nameOffset(), command.nameLength());
        if (user == null)
        {
            user = new UserState(copyName());
            users.put(user.name, user);
        }
        final SessionState session = new SessionState(gatewayId, sessionId, user);
        sessions.put(key, session);
        user.sessions.add(session);
        if (user.sessions.size() == 1)
        {
            notices.toMembershipRooms(user, LinkEventEncoder.PRESENCE_ONLINE, timestampMs);
        }

        directMessages.deliverInbox(user, gatewayId, sessionId); // messages kept while the user was away
    }

    private void onSessionClose(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = session(gatewayId, sessionId);
        if (session != null)
        {
            closeSession(session, timestampMs);
        }
    }

    /**
     * The gateway ids that hold at least one open session, ascending. Not for the logic thread's hot path: the
     * engine asks once, after recovery and before the logic thread starts, which gateways a restart cut off.
     */
    public int[] gatewaysWithSessions()
    {
        final TreeSet<Integer> ids = new TreeSet<>();
        sessions.forEach((key, session) -> ids.add(session.gatewayId));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private void onGatewayReset(final int gatewayId, final long timestampMs)
    {
        // Collect then sort: the order sessions close in must not depend on hash-table layout.
        final LongArrayList keys = new LongArrayList();
        sessions.forEach((key, session) ->
        {
            if (session.gatewayId == gatewayId)
            {
                keys.addLong(key);
            }
        });
        final long[] sorted = keys.toLongArray();
        Arrays.sort(sorted);
        for (final long key : sorted)
        {
            closeSession(sessions.get(key), timestampMs);
        }
    }

    /** The session leaves its rooms' fan-out, but a close is not a leave: the user stays a member. */
    private void closeSession(final SessionState session, final long timestampMs)
    {
        final UserState user = session.user;
        final ArrayList<RoomState> joined = session.rooms;
        for (int i = 0, size = joined.size(); i < size; i++)
        {
            final RoomState room = joined.get(i);
            room.remove(session.gatewayId, session.sessionId);
            user.membershipOf(room).joinedConnections--;
        }
        joined.clear();
        sessions.remove(sessionKey(session.gatewayId, session.sessionId));
        user.sessions.remove(session);
        if (!user.isOnline())
        {
            notices.toMembershipRooms(user, LinkEventEncoder.PRESENCE_OFFLINE, timestampMs);
        }
        if (user.isIdle())
        {
            users.remove(user.name);
        }
    }

    private void onJoin(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        if (session == null)
        {
            return;
        }
        RoomState room = rooms.get(command.buffer(), command.nameOffset(), command.nameLength());
        if (!groups.mayJoin(session, room))
        {
            return;
        }
        if (room == null)
        {
            room = new RoomState(copyName());
            history.onRoomCreated(room, lastAppliedSequence, timestampMs);
            rooms.put(room.name, room);
        }
        if (!session.isMemberOf(room))
        {
            final UserState user = session.user;
            Membership membership = user.membershipOf(room);
            if (membership == null)
            {
                // The user's first connection in the room: the members see it join (before it is listed, so not itself).
                notices.presence(room, user, LinkEventEncoder.PRESENCE_JOIN, timestampMs);
                membership = new Membership(user, room);
                room.memberships.add(membership);
                user.memberships.add(membership);
            }
            membership.joinedConnections++;
            session.rooms.add(room);
            room.add(gatewayId, sessionId);
        }
        if (command.type() == LinkType.JOIN_RESUME)
        {
            history.onJoinResume(room, gatewayId, sessionId); // backlog, then the ack with epoch and seq
            return;
        }
        replyAck(gatewayId, sessionId, NO_SEQ);
    }

    /**
     * EDIT, DELETE, HISTORY: for a joined session only, like a publish. That is the group access rule
     * too: a removed member's connections left the room's fan-out, so they get {@code not_member}.
     */
    private void onHistoryCommand(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        final RoomState room = session == null ? null : joinedRoomOrReply(gatewayId, sessionId, session);
        if (room == null)
        {
            return;
        }
        if (command.type() == LinkType.HISTORY)
        {
            history.onHistory(room, gatewayId, sessionId);
            return;
        }
        if (command.type() == LinkType.EDIT && !dataFitsOrReply(gatewayId, sessionId))
        {
            return; // an edit is bound by --max-message-bytes like the publish it replaces
        }
        final ErrorCode refused = command.type() == LinkType.EDIT
            ? history.edit(room, session.user, timestampMs)
            : history.delete(room, session.user, timestampMs);
        if (refused != null)
        {
            replyError(gatewayId, sessionId, refused);
            return;
        }
        replyAck(gatewayId, sessionId, command.seq());
    }

    private void onLeave(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        final RoomState room = session == null ? null : joinedRoomOrReply(gatewayId, sessionId, session);
        if (room == null)
        {
            return;
        }
        session.rooms.remove(room);
        room.remove(gatewayId, sessionId);
        final UserState user = session.user;
        final Membership membership = user.membershipOf(room);
        if (--membership.joinedConnections == 0 && room.kind == RoomKind.OPEN)
        {
            // The last of the user's connections in the open room left: the user is no longer a member (a group's stays).
            room.memberships.remove(membership);
            user.memberships.remove(membership);
            notices.presence(room, user, LinkEventEncoder.PRESENCE_LEAVE, timestampMs);
        }
        replyAck(gatewayId, sessionId, NO_SEQ);
    }

    /** Relayed to the room's other connections, the typist's own other connections excluded; nothing is kept and there is no ack. */
    private void onTyping(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        final RoomState room = session == null ? null : joinedRoomOrReply(gatewayId, sessionId, session);
        if (room == null)
        {
            return;
        }
        notices.typing(room, session.user, command.state(), timestampMs);
    }

    /** The room's members in the order they became members, each with its open connections (0: offline). */
    private void onPresenceQuery(final int gatewayId, final long sessionId)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        final RoomState room = session == null ? null : joinedRoomOrReply(gatewayId, sessionId, session);
        if (room == null)
        {
            return;
        }
        notices.presenceReply(room, gatewayId, sessionId);
    }

    /** The command's open session, or null after answering {@code unauthenticated}. */
    private SessionState sessionOrReply(final int gatewayId, final long sessionId)
    {
        final SessionState session = session(gatewayId, sessionId);
        if (session == null)
        {
            replyError(gatewayId, sessionId, ErrorCode.UNAUTHENTICATED);
        }
        return session;
    }

    /** The command's room when this session has joined it, or null after answering {@code not_member}. */
    private RoomState joinedRoomOrReply(final int gatewayId, final long sessionId, final SessionState session)
    {
        final RoomState room = session.joinedRoomNamed(rooms, command.buffer(), command.nameOffset(), command.nameLength());
        if (room == null)
        {
            replyError(gatewayId, sessionId, ErrorCode.NOT_MEMBER);
            return null;
        }
        return room;
    }

    /** CREATE_GROUP, ADD_MEMBER, REMOVE_MEMBER, OPEN_PRIVATE: see {@link GroupRooms}. */
    private void onGroupCommand(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        if (session != null)
        {
            groups.apply(session, timestampMs);
        }
    }

    /** The data is within the engine's limit, or false after answering {@code too_large}. */
    private boolean dataFitsOrReply(final int gatewayId, final long sessionId)
    {
        if (command.dataLength() > groups.limits().maxMessageBytes())
        {
            replyError(gatewayId, sessionId, ErrorCode.TOO_LARGE);
            return false;
        }
        return true;
    }

    private void onPublish(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        final RoomState room = session == null ? null : joinedRoomOrReply(gatewayId, sessionId, session);
        if (room == null || !dataFitsOrReply(gatewayId, sessionId))
        {
            return;
        }
        final UserState from = session.user;
        final long duplicate = history.duplicateSeq(room, from, timestampMs);
        if (duplicate != NO_SEQ)
        {
            replyAck(gatewayId, sessionId, duplicate); // a retry: the first publish's seq, delivered once
            return;
        }
        final long seq = ++room.lastSeq;
        final long msgId = lastAppliedSequence;
        for (int gateway = 0, slots = room.gatewaySlots(); gateway < slots; gateway++)
        {
            final LongArrayList members = room.members(gateway);
            if (members == null || members.isEmpty())
            {
                continue;
            }
            final int count = members.size();
            out.checkLimit(LinkEventEncoder.roomMessageWithIdLength(
                count, room.name.length, from.name.length, command.dataLength()));
            for (int i = 0; i < count; i++)
            {
                out.putLong(LinkEventEncoder.roomRecipientOffset(0, i), members.getLong(i), LITTLE_ENDIAN);
            }
            final int length = LinkEventEncoder.finishRoomMessage(
                out, 0, gateway, seq, timestampMs, count,
                room.nameBuffer, 0, room.name.length,
                from.nameBuffer, 0, from.name.length,
                command.buffer(), command.dataOffset(), command.dataLength(), msgId);
            emit(gateway, length);
        }
        history.onPublished(room, from, seq, msgId, timestampMs);
        replyAck(gatewayId, sessionId, seq);
    }

    private void onDirect(final int gatewayId, final long sessionId, final long timestampMs)
    {
        final SessionState session = sessionOrReply(gatewayId, sessionId);
        if (session == null || !dataFitsOrReply(gatewayId, sessionId))
        {
            return;
        }
        final ErrorCode refused = directMessages.send(session.user, timestampMs);
        if (refused != null)
        {
            replyError(gatewayId, sessionId, refused);
            return;
        }
        replyAck(gatewayId, sessionId, NO_SEQ);
    }

    private void replyAck(final int gatewayId, final long sessionId, final long seq)
    {
        final int length = LinkEventEncoder.ack(
            out, 0, gatewayId, sessionId, seq, command.buffer(), command.corrIdOffset(), command.corrIdLength());
        emit(gatewayId, length);
    }

    private void replyError(final int gatewayId, final long sessionId, final ErrorCode code)
    {
        emit(gatewayId, encodeError(gatewayId, sessionId, code));
    }

    /** An ERROR answering the command being applied, written at offset 0 of the out buffer; its length. */
    private int encodeError(final int gatewayId, final long sessionId, final ErrorCode code)
    {
        return LinkEventEncoder.error(
            out, 0, gatewayId, sessionId, code.wireId(), command.buffer(), command.corrIdOffset(), command.corrIdLength());
    }

    private void emit(final int gatewayId, final int length)
    {
        digest.update(out, 0, length);
        sink.onEvent(gatewayId, out, 0, length);
    }

    private byte[] copyName()
    {
        final byte[] name = new byte[command.nameLength()];
        command.buffer().getBytes(command.nameOffset(), name);
        return name;
    }

    /** The open session, or null; an id outside 1..MAX_SESSION_ID is never a session (its key would alias another's). */
    private SessionState session(final int gatewayId, final long sessionId)
    {
        return sessionId > 0 && sessionId <= MAX_SESSION_ID ? sessions.get(sessionKey(gatewayId, sessionId)) : null;
    }

    static long sessionKey(final int gatewayId, final long sessionId)
    {
        return ((long)gatewayId << 48) | (sessionId & MAX_SESSION_ID);
    }
}
