package io.ringway.engine.logic;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import io.ringway.engine.HistoryConfig;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongArrayList;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The message lifecycle and history of rooms, for {@link BusinessLogic}: every publish is kept in
 * the room's {@link MessageLog}, edited or deleted in place, deduplicated by client message id
 * ({@link ClientIdDedupe}), paged by {@code HISTORY} queries, and replayed to a joining session
 * (a resume after {@code since}, or the last N). Runs on the logic thread, with the command the
 * business logic is applying; every event goes out through the business logic's emitter, and so
 * into the digest.
 *
 * <p>Message id: the journal sequence of the PUBLISH that created the message, which is unique
 * and the same on every replay. Epoch: the journal timestamp and sequence of the command that
 * created the room ({@code ts * 1000 + sequence % 1000}), so a wiped journal gives another one;
 * it stays below 2^53, safe as a JSON number.
 */
final class RoomHistory
{
    /** HISTORY page size when the query gives none, and the largest page served. */
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private HistoryConfig config;
    private final LinkCommandDecoder command;
    private final ExpandableArrayBuffer out;
    private final EventEmitter emitter;
    /** Null when no journal reader serves older messages (offline replay, tests). */
    private HistoryFallback fallback;
    /** Journal sequence of the command being applied. */
    private long sequence;

    RoomHistory(final HistoryConfig config, final LinkCommandDecoder command, final ExpandableArrayBuffer out, final EventEmitter emitter)
    {
        this.config = config;
        this.command = command;
        this.out = out;
        this.emitter = emitter;
    }

    void fallback(final HistoryFallback fallback)
    {
        this.fallback = fallback;
    }

    /** The journal sequence of the command being applied, for a hand-off to the fallback. */
    void sequence(final long sequence)
    {
        this.sequence = sequence;
    }

    HistoryConfig config()
    {
        return config;
    }

    /**
     * From the next command on (ENGINE_SETTINGS): every room, {@code rooms}, keeps at most the new number of messages at
     * once (its oldest go, as if evicted one by one), so which messages a room keeps stays a function of its seq and
     * the settings in force, whether it was rebuilt by a replay or read from a snapshot.
     */
    void config(final HistoryConfig config, final NameTable<RoomState> rooms)
    {
        this.config = config;
        rooms.forEachValue(room ->
        {
            if (room.log != null)
            {
                room.log.limit(config.perRoomMessages());
            }
        });
    }

    /** A room created by the command at {@code sequence}, {@code timestampMs}. */
    void onRoomCreated(final RoomState room, final long sequence, final long timestampMs)
    {
        room.epoch = timestampMs * 1000 + sequence % 1000;
        room.log = new MessageLog(config.perRoomMessages());
        room.dedupe = new ClientIdDedupe();
    }

    /** May {@code user} delete other members' messages in {@code room}: a group's owner or admins ({@link RoomAccess#managesMembers}). */
    static boolean canModerate(final RoomState room, final UserState user)
    {
        return RoomAccess.managesMembers(user.membershipOf(room));
    }

    /** PUBLISH_ONCE: the seq this user's client id was already published as, within the window, or -1. */
    long duplicateSeq(final RoomState room, final UserState from, final long timestampMs)
    {
        if (command.type() != LinkType.PUBLISH_ONCE || config.dedupeWindowMs() == 0)
        {
            return LinkEventEncoder.NO_SEQ;
        }
        return room.dedupe.seqOf(clientKey(from), timestampMs, config.dedupeWindowMs());
    }

    /** Keeps the message just published as {@code seq} (and its client id, for PUBLISH_ONCE). */
    void onPublished(final RoomState room, final UserState from, final long seq, final long msgId, final long timestampMs)
    {
        room.log.append(seq, msgId, timestampMs, from.nameBuffer, 0, from.name.length,
            command.buffer(), command.dataOffset(), command.dataLength());
        if (command.type() == LinkType.PUBLISH_ONCE && config.dedupeWindowMs() > 0)
        {
            room.dedupe.record(clientKey(from), seq, timestampMs);
        }
    }

    private long clientKey(final UserState from)
    {
        return ClientIdDedupe.key(from.name, command.buffer(), command.clientMsgIdOffset(), command.clientMsgIdLength());
    }

    /** EDIT by {@code user}. @return null when done (the caller acks with the seq), else the error. */
    ErrorCode edit(final RoomState room, final UserState user, final long timestampMs)
    {
        final long seq = command.seq();
        final ErrorCode refused = checkChange(room, seq);
        if (refused != null)
        {
            return refused;
        }
        if (!room.log.isAuthor(seq, user.name))
        {
            return ErrorCode.NOT_AUTHOR;
        }
        room.log.edit(seq, timestampMs, command.buffer(), command.dataOffset(), command.dataLength());
        broadcast(room, LinkType.ROOM_EDIT, seq);
        return null;
    }

    /** DELETE by {@code user}: its own message, or any when it moderates the room. */
    ErrorCode delete(final RoomState room, final UserState user, final long timestampMs)
    {
        final long seq = command.seq();
        final ErrorCode refused = checkChange(room, seq);
        if (refused != null)
        {
            return refused;
        }
        if (!room.log.isAuthor(seq, user.name) && !canModerate(room, user))
        {
            return ErrorCode.NOT_AUTHOR;
        }
        room.log.delete(seq, timestampMs);
        broadcast(room, LinkType.ROOM_DELETE, seq);
        return null;
    }

    /** Authorship is only known in memory: a message no longer kept cannot change. */
    private static ErrorCode checkChange(final RoomState room, final long seq)
    {
        if (seq < 1 || seq > room.lastSeq)
        {
            return ErrorCode.NOT_FOUND;
        }
        if (!room.log.contains(seq))
        {
            return ErrorCode.HISTORY_UNAVAILABLE;
        }
        return room.log.state(seq) == LinkEventEncoder.ENTRY_DELETED ? ErrorCode.NOT_FOUND : null;
    }

    /** The entry's new state to every joined session, one event per gateway, like a publish. */
    private void broadcast(final RoomState room, final int type, final long seq)
    {
        final MessageLog log = room.log;
        for (int gateway = 0, slots = room.gatewaySlots(); gateway < slots; gateway++)
        {
            final LongArrayList members = room.members(gateway);
            if (members == null || members.isEmpty())
            {
                continue;
            }
            final int count = members.size();
            out.checkLimit(LinkEventEncoder.roomEntryLength(count, room.name.length, log.fromLength(seq), log.dataLength(seq)));
            for (int i = 0; i < count; i++)
            {
                out.putLong(LinkEventEncoder.entryRecipientOffset(0, i), members.getLong(i), LITTLE_ENDIAN);
            }
            emitter.emit(gateway, finishEntry(room, type, gateway, seq, count));
        }
    }

    private int finishEntry(final RoomState room, final int type, final int gateway, final long seq, final int recipients)
    {
        final MessageLog log = room.log;
        final DirectBuffer bytes = log.bytes();
        return LinkEventEncoder.finishRoomEntry(out, 0, type, gateway,
            seq, log.msgId(seq), log.timestamp(seq), log.changedTimestamp(seq), log.state(seq), recipients,
            room.nameBuffer, 0, room.name.length,
            bytes, log.fromOffset(seq), log.fromLength(seq),
            bytes, log.dataOffset(seq), log.dataLength(seq));
    }

    /**
     * JOIN_RESUME, after the session joined: the backlog to the session (in seq order, so before
     * any live message, which can only come from a later command), then the JOIN_ACK.
     */
    void onJoinResume(final RoomState room, final int gatewayId, final long sessionId)
    {
        final MessageLog log = room.log;
        final long since = command.seq();
        final long latest = room.lastSeq;
        int status = LinkEventEncoder.RESUME_NONE;
        long from = latest + 1;
        if (since >= 0)
        {
            if (command.epoch() != 0 && command.epoch() != room.epoch || since > latest)
            {
                status = LinkEventEncoder.RESUME_EPOCH_MISMATCH;
            }
            else if (since + 1 < log.oldestSeq())
            {
                status = LinkEventEncoder.RESUME_TOO_OLD;
            }
            else if (backlogBytes(room, since + 1, latest) > LinkEventEncoder.MAX_BACKLOG_BYTES)
            {
                status = LinkEventEncoder.RESUME_TOO_OLD; // the client pages through the gap with history
            }
            else
            {
                status = LinkEventEncoder.RESUME_RECOVERED;
                from = since + 1;
            }
        }
        else if (command.limit() > 0)
        {
            from = Math.max(log.oldestSeq(), latest - command.limit() + 1);
            long bytes = 0;
            for (long seq = latest; seq >= from; seq--) // the newest that fit
            {
                bytes += backlogEntryLength(room, seq);
                if (bytes > LinkEventEncoder.MAX_BACKLOG_BYTES && seq < latest)
                {
                    from = seq + 1;
                    break;
                }
            }
        }
        for (long seq = from; seq <= latest; seq++)
        {
            out.checkLimit(backlogEntryLength(room, seq));
            out.putLong(LinkEventEncoder.entryRecipientOffset(0, 0), sessionId, LITTLE_ENDIAN);
            emitter.emit(gatewayId, finishEntry(room, LinkType.ROOM_BACKLOG, gatewayId, seq, 1));
        }
        out.checkLimit(LinkEventEncoder.joinAckLength(command.corrIdLength()));
        emitter.emit(gatewayId, LinkEventEncoder.joinAck(out, 0, gatewayId, sessionId,
            room.epoch, latest, log.oldestSeq(), (int)(latest + 1 - from), status,
            command.buffer(), command.corrIdOffset(), command.corrIdLength()));
    }

    private static int backlogEntryLength(final RoomState room, final long seq)
    {
        return LinkEventEncoder.roomEntryLength(1, room.name.length, room.log.fromLength(seq), room.log.dataLength(seq));
    }

    /** What sending seqs {@code from..to} as a backlog would take, counted until it passes {@link LinkEventEncoder#MAX_BACKLOG_BYTES}. */
    private static long backlogBytes(final RoomState room, final long from, final long to)
    {
        long bytes = 0;
        for (long seq = from; seq <= to && bytes <= LinkEventEncoder.MAX_BACKLOG_BYTES; seq++)
        {
            bytes += backlogEntryLength(room, seq);
        }
        return bytes;
    }

    /** HISTORY: one page of the kept messages, answered to the session. */
    void onHistory(final RoomState room, final int gatewayId, final long sessionId)
    {
        final MessageLog log = room.log;
        final long latest = room.lastSeq;
        final int limit = command.limit() == 0 ? DEFAULT_PAGE : Math.min(command.limit(), MAX_PAGE);
        final boolean after = (command.mode() & LinkCommandEncoder.HISTORY_AFTER) != 0;
        final boolean oldestFirst = (command.mode() & LinkCommandEncoder.HISTORY_OLDEST_FIRST) != 0;
        final long anchor = command.seq();
        final long lo;
        final long hi;
        boolean more;
        if (after)
        {
            // Past the latest: an empty page (anchor + 1 would overflow for the largest anchors and wrap to the first page).
            lo = anchor < 0 ? 1 : anchor >= latest ? latest + 1 : anchor + 1;
            hi = Math.min(latest, lo + limit - 1);
            more = hi < latest;
        }
        else
        {
            hi = Math.min(latest, anchor < 0 ? latest : anchor - 1);
            lo = Math.max(1, hi - limit + 1);
            more = lo > 1;
        }
        long first = Math.max(lo, log.oldestSeq());
        long last = Math.min(hi, log.latestSeq());
        final boolean truncated = lo <= hi && lo < log.oldestSeq();
        int length = LinkEventEncoder.historyReplyHeadLength(command.corrIdLength(), room.name.length);
        if (!truncated)
        {
            // Within LinkEventEncoder.MAX_REPLY_BYTES, walking away from the anchor: a cut page says "more" and the client asks on from it.
            for (long i = 0, count = last - first + 1; i < count; i++)
            {
                final long seq = after ? first + i : last - i;
                final int entry = LinkEventEncoder.historyEntryLength(log.fromLength(seq), log.dataLength(seq));
                if (i > 0 && length + entry > LinkEventEncoder.MAX_REPLY_BYTES)
                {
                    more = true;
                    if (after)
                    {
                        last = seq - 1;
                    }
                    else
                    {
                        first = seq + 1;
                    }
                    break;
                }
                length += entry;
            }
        }
        final int flags = (more ? LinkEventEncoder.HISTORY_MORE : 0) | (truncated ? LinkEventEncoder.HISTORY_TRUNCATED : 0);
        if (truncated)
        {
            // Older than memory: the history reader answers from the journal, off this thread and outside the digest.
            // Without a reader (an offline replay) nothing is emitted either: the digest must not depend on it.
            if (fallback != null)
            {
                fallback.submit(gatewayId, sessionId, sequence, room.nameBuffer, 0, room.name.length,
                    command.buffer(), command.corrIdOffset(), command.corrIdLength(),
                    lo, hi, command.mode(), flags & LinkEventEncoder.HISTORY_MORE, log.oldestSeq(), latest);
            }
            return;
        }
        out.checkLimit(length);
        int position = LinkEventEncoder.startHistoryReply(out, 0,
            command.buffer(), command.corrIdOffset(), command.corrIdLength(), room.nameBuffer, 0, room.name.length);
        final DirectBuffer bytes = log.bytes();
        int count = 0;
        for (long i = first; i <= last; i++)
        {
            final long seq = oldestFirst ? i : last - (i - first);
            position = LinkEventEncoder.putHistoryEntry(out, position,
                seq, log.msgId(seq), log.timestamp(seq), log.changedTimestamp(seq), log.state(seq),
                bytes, log.fromOffset(seq), log.fromLength(seq), bytes, log.dataOffset(seq), log.dataLength(seq));
            count++;
        }
        emitter.emit(gatewayId, LinkEventEncoder.finishHistoryReply(
            out, 0, gatewayId, sessionId, count, flags, log.oldestSeq(), latest, position));
    }
}
