package io.ringway.engine.logic;

/**
 * Limits the engine enforces on rooms, whatever gateway a command came through.
 *
 * @param maxRoomsPerSession how many rooms one connection may have joined at once; one more join answers {@code too_many_rooms}
 * @param maxGroupMembers    members a group may have, its owner included; more answers {@code group_full}
 * @param maxMessageBytes    bytes of a publish's or direct message's {@code data} value; more answers {@code too_large}.
 *                           The gateway's {@code --max-frame-bytes} bounds the whole client message, envelope included,
 *                           and closes the connection; this bounds the data, answers an error and keeps it open
 * @param presenceAnnounceMax the largest room, in members, whose members hear each other's presence transitions
 *                           (join, leave, online, offline). Each transition goes to every joined connection, so in
 *                           a room of N members that keeps all N connected, N joins cost N²/2 deliveries: a bigger
 *                           room announces nothing, and its members ask with a presence query instead
 */
public record RoomLimits(int maxRoomsPerSession, int maxGroupMembers, int maxMessageBytes, int presenceAnnounceMax)
{
    public static final int DEFAULT_MAX_ROOMS_PER_SESSION = 1_000;
    public static final int DEFAULT_MAX_GROUP_MEMBERS = 1_000;
    /** The gateway's default frame limit: with default settings the frame limit is met first, and the engine's guards other gateways. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 65_536;
    /** A group at its default maximum still announces; a 1,000-member room's joins cost half a million deliveries. */
    public static final int DEFAULT_PRESENCE_ANNOUNCE_MAX = 1_000;
    public static final RoomLimits DEFAULTS =
        new RoomLimits(DEFAULT_MAX_ROOMS_PER_SESSION, DEFAULT_MAX_GROUP_MEMBERS, DEFAULT_MAX_MESSAGE_BYTES);

    public RoomLimits
    {
        if (maxRoomsPerSession < 1 || maxGroupMembers < 2 || maxMessageBytes < 1 || presenceAnnounceMax < 0)
        {
            throw new IllegalArgumentException(
                "room limits: rooms per session >= 1, group members >= 2, message bytes >= 1 and presence announce max >= 0 (got " +
                maxRoomsPerSession + ", " + maxGroupMembers + ", " + maxMessageBytes + ", " + presenceAnnounceMax + ")");
        }
    }

    /** With the default {@link #presenceAnnounceMax}. */
    public RoomLimits(final int maxRoomsPerSession, final int maxGroupMembers, final int maxMessageBytes)
    {
        this(maxRoomsPerSession, maxGroupMembers, maxMessageBytes, DEFAULT_PRESENCE_ANNOUNCE_MAX);
    }

    /** Whether a presence transition is announced in a room of {@code members} members, its subject included. */
    boolean announcesPresence(final int members)
    {
        return members <= presenceAnnounceMax;
    }
}
