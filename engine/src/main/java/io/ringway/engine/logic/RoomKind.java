package io.ringway.engine.logic;

/**
 * What kind of room a room is, and so who may read and publish in it ({@link RoomAccess}).
 */
public enum RoomKind
{
    /** Anyone may join; created by the first join. Membership comes and goes with joins and leaves. */
    OPEN,
    /** Created by {@code create_group}; only its members may join, and its owner and admins manage them. */
    GROUP,
    /** The conversation of exactly two users, named by {@link io.ringway.codec.PrivateRoomId}; nobody else may join. */
    PRIVATE
}
