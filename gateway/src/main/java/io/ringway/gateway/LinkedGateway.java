package io.ringway.gateway;

import io.netty.handler.ssl.SslContext;
import io.ringway.gateway.link.TcpEngineLink;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.ws.Health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A gateway in a process of its own, linked to an engine elsewhere over TCP ({@code ringway server
 * --link-port}). It holds connections, checks tokens and fans out like the embedded gateway; the
 * engine journals and applies its commands. Start-up order: the link (HELLO, WELCOME, then the
 * gateway's GATEWAY_RESET), then the listeners. A lost link is the end of this gateway: see
 * {@link #lost()}.
 */
public final class LinkedGateway implements AutoCloseable
{
    private final Gateway gateway;
    private final TcpEngineLink link;
    private final String engineAddress;

    private LinkedGateway(final Gateway gateway, final TcpEngineLink link, final String engineAddress)
    {
        this.gateway = gateway;
        this.link = link;
        this.engineAddress = engineAddress;
    }

    /** @throws io.ringway.gateway.link.EngineLinkException when the engine cannot be reached or refuses this gateway id */
    public static LinkedGateway start(
        final GatewayConfig config, final String engineHost, final int enginePort, final long connectTimeoutMs)
    {
        return start(config, engineHost, enginePort, connectTimeoutMs, new byte[0], null);
    }

    /**
     * @param linkSecret the secret the engine's link requires (its {@code --link-secret-file}); empty for none
     * @param linkTls    TLS towards the engine ({@link io.ringway.gateway.link.LinkTls#client}), or null for plain TCP
     */
    public static LinkedGateway start(
        final GatewayConfig config, final String engineHost, final int enginePort, final long connectTimeoutMs,
        final byte[] linkSecret, final SslContext linkTls)
    {
        final TcpEngineLink[] link = new TcpEngineLink[1];
        final String engineAddress = engineHost + ":" + enginePort;
        try
        {
            final Gateway gateway = new Gateway(config,
                listener -> link[0] = TcpEngineLink.connect(
                    engineHost, enginePort, config.gatewayId(), listener, config.ioTransport(), connectTimeoutMs, linkSecret, linkTls),
                self -> () -> health(link[0], self, engineAddress),
                // The engine outlives this process: the previous one's last events for its sessions may still be on the
                // way when this one attaches under the same gateway id, so session ids start somewhere new.
                ThreadLocalRandom.current().nextLong(SessionRegistry.MAX_GENERATION));
            return new LinkedGateway(gateway, link[0], engineAddress);
        }
        catch (final RuntimeException ex)
        {
            if (link[0] != null)
            {
                link[0].close();
            }
            throw ex;
        }
    }

    /** Up while the link is: without its engine a gateway can only refuse, so a probe should take it out. */
    static Health health(final TcpEngineLink link, final Gateway gateway, final String engineAddress)
    {
        final boolean up = link.isConnected();
        return new Health(up, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"" +
            ",\"gatewayId\":" + gateway.config().gatewayId() +
            ",\"engine\":\"" + engineAddress + "\"" +
            ",\"engineLink\":\"" + (up ? "connected" : "lost") + "\"" +
            ",\"connections\":" + gateway.connections() + ",\"slowConsumerCloses\":" + gateway.slowConsumerCloses() +
            "}");
    }

    public Gateway gateway()
    {
        return gateway;
    }

    public String engineAddress()
    {
        return engineAddress;
    }

    /**
     * Completes, with the reason, when the engine link is lost (the engine stopped, crashed, fell silent, or dropped
     * this gateway as too slow). Nothing is buffered for a later link: the owner should {@link #close()} the gateway,
     * so its clients reconnect, to this gateway restarted or to another. It completes on the link's event loop, so
     * close from another thread, not from a callback run synchronously on it.
     */
    public CompletableFuture<String> lost()
    {
        return link.lost();
    }

    /** Connections close (each tells the engine, while the link lasts), then the link. */
    @Override
    public void close()
    {
        try
        {
            gateway.close();
        }
        finally
        {
            link.close();
        }
    }
}
