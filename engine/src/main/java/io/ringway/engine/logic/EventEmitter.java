package io.ringway.engine.logic;

/**
 * Sends the event the caller wrote at offset 0 of the business logic's shared out buffer to one
 * gateway: {@link BusinessLogic}'s emit, which puts it into the digest first. The parts of the
 * logic that write events ({@link GroupRooms}, {@link RoomHistory}, {@link DirectMessages},
 * {@link RoomNotices}) get this rather than the sink, so nothing reaches a gateway undigested.
 */
interface EventEmitter
{
    void emit(int gatewayId, int length);
}
