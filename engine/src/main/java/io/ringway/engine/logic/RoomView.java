package io.ringway.engine.logic;

import java.util.List;

/**
 * A copy of one room's state, for tools that inspect the engine offline ({@code ringway replay --room}).
 * Taken with {@link BusinessLogic#describeRoom}; it does not change when the engine moves on.
 *
 * @param name    the room name
 * @param lastSeq sequence number of the last message published to the room (0 for none)
 * @param members the sessions in the room in fan-out order: by gateway id, then in join order
 */
public record RoomView(String name, long lastSeq, List<Member> members)
{
    public RoomView
    {
        members = List.copyOf(members);
    }

    /** The seq the next message published to the room will get. */
    public long nextSeq()
    {
        return lastSeq + 1;
    }

    /** One session in the room and the user it belongs to. */
    public record Member(int gatewayId, long sessionId, String user)
    {
    }
}
