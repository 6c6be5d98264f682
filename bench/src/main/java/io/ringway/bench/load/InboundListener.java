package io.ringway.bench.load;

/**
 * What a load connection reports after its join was acknowledged. Called on Netty event-loop
 * threads, several at once: implementations must be thread-safe and cheap.
 */
public interface InboundListener
{
    /**
     * A room message arrived.
     *
     * @param connection the receiving connection
     * @param index      the generator's message index from {@code data}, or {@link MessageScan#NO_INDEX}
     * @param receivedNs {@link System#nanoTime()} when the read that carried it was handled
     */
    void onRoomMessage(LoadConnection connection, long index, long receivedNs);

    /** An {@code ack} (of a publish) arrived. */
    void onAck(LoadConnection connection);

    /** An {@code error} arrived, e.g. {@code overloaded} or {@code slow_consumer}. */
    void onError(LoadConnection connection, String code);

    /** The connection closed before the generator closed it. */
    void onClosedEarly(LoadConnection connection, String reason);
}
