package io.ringway.gateway.link;

import java.net.SocketAddress;

/** What the link server reports: gateways coming and going, and links it refused. Never on a hot path. */
public interface LinkServerLog
{
    LinkServerLog STDOUT = new LinkServerLog()
    {
        @Override
        public void attached(final int gatewayId, final SocketAddress from)
        {
            System.out.println("ringway: link: gateway " + gatewayId + " attached from " + from);
        }

        @Override
        public void detached(final int gatewayId, final String why)
        {
            System.out.println("ringway: link: gateway " + gatewayId + " detached (" + why + "); its sessions are reset");
        }

        @Override
        public void refused(final int gatewayId, final SocketAddress from, final String reason)
        {
            System.out.println("ringway: link: refused " + from + (gatewayId == 0 ? "" : " (gateway " + gatewayId + ")") + ": " + reason);
        }
    };

    void attached(int gatewayId, SocketAddress from);

    void detached(int gatewayId, String why);

    void refused(int gatewayId, SocketAddress from, String reason);
}
