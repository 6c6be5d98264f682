package io.ringway.gateway.cli;

import io.ringway.engine.logic.RoomLimits;
import picocli.CommandLine.Option;

/**
 * The engine's room limits as server flags, shared by {@code server} and {@code replay}. The engine journals them
 * (ENGINE_SETTINGS), so a replay needs them only for a journal from before settings were journaled.
 */
final class RoomLimitOptions
{
    @Option(names = "--max-rooms-per-session", defaultValue = "" + RoomLimits.DEFAULT_MAX_ROOMS_PER_SESSION,
        description = "Rooms one connection may have joined at once; one more join gets too_many_rooms (default: ${DEFAULT-VALUE}).")
    int maxRoomsPerSession;

    @Option(names = "--max-group-members", defaultValue = "" + RoomLimits.DEFAULT_MAX_GROUP_MEMBERS,
        description = "Members a group may have, its owner included; more gets group_full (default: ${DEFAULT-VALUE}).")
    int maxGroupMembers;

    @Option(names = "--max-message-bytes", defaultValue = "" + RoomLimits.DEFAULT_MAX_MESSAGE_BYTES,
        description = "Bytes of a message's data value, checked by the engine; more gets too_large and the connection stays open "
            + "(--max-frame-bytes bounds the whole client message and closes it) (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--presence-announce-max", defaultValue = "" + RoomLimits.DEFAULT_PRESENCE_ANNOUNCE_MAX,
        description = "Largest room, in members, whose members hear each other join, leave, come online and go offline; "
            + "bigger rooms announce nothing (a presence query still answers), 0 announces in no room (default: ${DEFAULT-VALUE}).")
    int presenceAnnounceMax;

    /** @throws IllegalArgumentException when a limit is out of range */
    RoomLimits toLimits()
    {
        return new RoomLimits(maxRoomsPerSession, maxGroupMembers, maxMessageBytes, presenceAnnounceMax);
    }
}
