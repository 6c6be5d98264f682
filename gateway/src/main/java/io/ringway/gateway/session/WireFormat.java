package io.ringway.gateway.session;

/** How a session's outbound messages are framed. */
public enum WireFormat
{
    /** WebSocket text frames, one JSON object each. */
    WEBSOCKET_JSON,
    /** WebSocket binary messages, each one client binary frame. */
    WEBSOCKET_BINARY,
    /** Raw TCP stream of client binary frames. */
    TCP_BINARY;

    /** True when the bytes on the wire start with the 7-byte binary frame header. */
    public boolean isBinaryFramed()
    {
        return this != WEBSOCKET_JSON;
    }
}
