package io.ringway.bench.floor;

import io.netty.channel.Channel;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms that have members, by name. Joins and leaves of one room are atomic per key
 * ({@link ConcurrentHashMap#compute}), so a room is dropped exactly when its last member leaves
 * and a join racing with that lands in a room that stays. Publishes never look a room up here:
 * the publisher is a member and its session holds the room (see {@link FloorSession}).
 */
final class FloorRooms
{
    private final ConcurrentHashMap<String, FloorRoom> rooms = new ConcurrentHashMap<>();

    /** Adds {@code channel} to room {@code name} (created if needed) and returns the room. */
    FloorRoom join(final String name, final Channel channel)
    {
        return rooms.compute(name, (key, room) ->
        {
            final FloorRoom joined = room != null ? room : new FloorRoom(key);
            joined.add(channel);
            return joined;
        });
    }

    /** Removes {@code channel} from {@code room}; the room goes (and its seq restarts) once empty. */
    void leave(final FloorRoom room, final Channel channel)
    {
        rooms.computeIfPresent(room.name(), (key, current) ->
        {
            current.remove(channel);
            return current.isEmpty() ? null : current;
        });
    }

    /** Rooms with members now (tests). */
    int size()
    {
        return rooms.size();
    }
}
