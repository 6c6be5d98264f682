package io.ringway.gateway.session;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Marks where a session's outbound frames enter the pipeline. The dispatcher encodes each message
 * as a whole frame of the session's wire format (WebSocket or TCP), so it needs none of the
 * handlers behind this one (the idle handler, which watches reads only; the HTTP codec, protocol
 * handler and frame encoder); writing from this handler's context skips them. In 1 → 1,000
 * fan-out profiles, walking those handlers for every recipient was a third of the I/O threads'
 * samples, and the idle handler alone 8 % once the others were skipped. Anything that must see
 * the bytes on the wire (TLS) belongs in front of this handler, toward the socket.
 */
@Sharable
public final class FramesOut extends ChannelOutboundHandlerAdapter
{
    public static final String NAME = "frames-out";
    public static final FramesOut INSTANCE = new FramesOut();

    private FramesOut()
    {
    }
}
