package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The data of an {@link LinkType#ENGINE_SETTINGS} command: every setting the business logic's state or output depends
 * on. A flyweight over static offsets, little-endian like the rest of the link:
 * <pre>
 *   offset  field
 *      0    version                u8 (1)
 *      1    inbox limit            i32   direct messages kept per offline user
 *      5    max rooms per session  i32
 *      9    max group members      i32
 *     13    max message bytes      i32   of a message's data
 *     17    presence announce max  i32   largest room that announces presence
 *     21    history per room       i32   messages each room keeps in memory
 *     25    dedupe window ms       i64   of PUBLISH_ONCE
 *     33    end
 * </pre>
 * A block shorter than this, or of version 0, does not decode (an engine applies none of it); one of a later version
 * stops a replay (an older engine cannot know what it says); a longer one of this version is read for these fields.
 */
public final class EngineSettingsBlock
{
    public static final int VERSION = 1;
    public static final int LENGTH = 33;
    private static final int INBOX_LIMIT = 1;
    private static final int MAX_ROOMS_PER_SESSION = 5;
    private static final int MAX_GROUP_MEMBERS = 9;
    private static final int MAX_MESSAGE_BYTES = 13;
    private static final int PRESENCE_ANNOUNCE_MAX = 17;
    private static final int HISTORY_PER_ROOM = 21;
    private static final int DEDUPE_WINDOW_MS = 25;

    private EngineSettingsBlock()
    {
    }

    /** @return {@link #LENGTH}, the bytes written at {@code offset} */
    public static int write(
        final MutableDirectBuffer buffer, final int offset, final int inboxLimit, final int maxRoomsPerSession,
        final int maxGroupMembers, final int maxMessageBytes, final int presenceAnnounceMax, final int historyPerRoom,
        final long dedupeWindowMs)
    {
        buffer.putByte(offset, (byte)VERSION);
        buffer.putInt(offset + INBOX_LIMIT, inboxLimit, LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_ROOMS_PER_SESSION, maxRoomsPerSession, LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_GROUP_MEMBERS, maxGroupMembers, LITTLE_ENDIAN);
        buffer.putInt(offset + MAX_MESSAGE_BYTES, maxMessageBytes, LITTLE_ENDIAN);
        buffer.putInt(offset + PRESENCE_ANNOUNCE_MAX, presenceAnnounceMax, LITTLE_ENDIAN);
        buffer.putInt(offset + HISTORY_PER_ROOM, historyPerRoom, LITTLE_ENDIAN);
        buffer.putLong(offset + DEDUPE_WINDOW_MS, dedupeWindowMs, LITTLE_ENDIAN);
        return LENGTH;
    }

    /**
     * Whether {@code length} bytes at {@code offset} are a block this codec reads (the values are checked by their users):
     * this version, with at least its fields (a later revision of the same version may append more).
     */
    public static boolean isValid(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= LENGTH && buffer.getByte(offset) == VERSION;
    }

    /** Whether the block is of a later version than this codec reads: a replay must stop there rather than guess. */
    public static boolean isNewer(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 1 && (buffer.getByte(offset) & 0xFF) > VERSION;
    }

    public static int inboxLimit(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + INBOX_LIMIT, LITTLE_ENDIAN);
    }

    public static int maxRoomsPerSession(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + MAX_ROOMS_PER_SESSION, LITTLE_ENDIAN);
    }

    public static int maxGroupMembers(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + MAX_GROUP_MEMBERS, LITTLE_ENDIAN);
    }

    public static int maxMessageBytes(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + MAX_MESSAGE_BYTES, LITTLE_ENDIAN);
    }

    public static int presenceAnnounceMax(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + PRESENCE_ANNOUNCE_MAX, LITTLE_ENDIAN);
    }

    public static int historyPerRoom(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + HISTORY_PER_ROOM, LITTLE_ENDIAN);
    }

    public static long dedupeWindowMs(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + DEDUPE_WINDOW_MS, LITTLE_ENDIAN);
    }
}
