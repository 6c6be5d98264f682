package io.ringway.gateway.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.codec.link.LinkControl;
import io.ringway.engine.link.EngineEventListener;
import io.ringway.engine.link.EngineLink;
import io.ringway.gateway.io.IoTransport;
import io.ringway.gateway.io.ServerTls;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway's link to an engine in another process, over TCP: the network twin of the in-process
 * link. Commands from every I/O thread go into one {@link LinkWriter}; the engine's events come
 * back on the link's own event loop thread, in engine order, to the gateway's dispatcher.
 *
 * <p>A gateway cannot serve without its engine, so a lost link is final: {@link #lost()} completes,
 * every offer fails from then on ({@code overloaded} to clients), and the owner closes the gateway.
 * The engine resets the gateway's sessions when the link drops; a restarted gateway attaches afresh.
 */
public final class TcpEngineLink implements EngineLink
{
    /** Commands buffered toward the engine before offers fail: 8 MiB, so one command may be 1 MiB. */
    static final int COMMAND_RING_BYTES = 8 * 1024 * 1024;
    /** How often a gateway whose id the engine still holds asks again. */
    public static final long IN_USE_RETRY_MS = 100;
    /** The largest command this link carries (an eighth of its ring); the engine's end refuses longer ones. */
    public static final int MAX_COMMAND_BYTES = COMMAND_RING_BYTES / 8;

    private final int gatewayId;
    private final EventLoopGroup group;
    private final Channel channel;
    private final LinkWriter commands;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private volatile boolean closing;

    private TcpEngineLink(
        final int gatewayId, final EventLoopGroup group, final Channel channel, final LinkWriter commands,
        final CompletableFuture<String> closed)
    {
        this.gatewayId = gatewayId;
        this.group = group;
        this.channel = channel;
        this.commands = commands;
        closed.thenAccept(reason ->
        {
            if (!closing)
            {
                lost.complete(reason);
            }
        });
    }

    /**
     * Connects, says HELLO and waits for the engine's answer, all within {@code timeoutMs}.
     * @throws EngineLinkException when the engine cannot be reached, refuses the gateway, or does not answer in time
     */
    public static TcpEngineLink connect(
        final String host, final int port, final int gatewayId, final EngineEventListener listener,
        final IoTransport transport, final long timeoutMs)
    {
        return connect(host, port, gatewayId, listener, transport, timeoutMs, new byte[0], null);
    }

    /**
     * As above. An engine that answers "in use" is asked again, every {@link #IN_USE_RETRY_MS}, until the timeout: it frees
     * a gateway's id a moment after that gateway's link dropped, so a gateway restarted at once may find it still taken.
     * When the last attempt then runs out of time instead (it starts with whatever is left), the error is the engine's
     * "in use", which is what kept the gateway out, not that timeout.
     *
     * @param secret the link secret the engine requires (its {@code --link-secret-file}); empty for none
     * @param tls    TLS towards the engine ({@link LinkTls#client}: whom to trust), or null for plain TCP; the HELLO, and
     *               so the secret, goes out only once the engine's certificate checked out
     */
    public static TcpEngineLink connect(
        final String host, final int port, final int gatewayId, final EngineEventListener listener,
        final IoTransport transport, final long timeoutMs, final byte[] secret, final SslContext tls)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs); // one bound for every attempt
        EngineLinkException inUse = null;
        while (true)
        {
            try
            {
                return attempt(host, port, gatewayId, listener, transport, deadline, secret, tls);
            }
            catch (final EngineLinkException ex)
            {
                if (!ex.idInUse() && inUse != null && System.nanoTime() - deadline >= 0)
                {
                    inUse.addSuppressed(ex);
                    throw inUse;
                }
                if (!ex.idInUse() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_USE_RETRY_MS) >= deadline)
                {
                    throw ex;
                }
                inUse = ex;
            }
            try
            {
                Thread.sleep(IN_USE_RETRY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new EngineLinkException("interrupted while connecting to the engine", ex);
            }
        }
    }

    /** Before anything is sent: a certificate that does not check out ends here, with why, and the secret stays home. */
    private static void awaitHandshake(final Channel channel, final String host, final int port, final long deadline)
    {
        final long timeoutMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        final SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) // the channel closed at once and its pipeline was emptied: no handshake to wait for
        {
            throw new EngineLinkException("the engine at " + host + ":" + port + " closed the link before the TLS handshake", null);
        }
        final Future<Channel> handshake = tls.handshakeFuture();
        if (!handshake.awaitUninterruptibly(timeoutMs))
        {
            throw new EngineLinkException("the engine at " + host + ":" + port + " did not finish the TLS handshake in " + timeoutMs + " ms", null);
        }
        if (!handshake.isSuccess())
        {
            final Throwable cause = handshake.cause();
            final String hint = isNotTls(cause)
                ? " (the engine does not serve TLS on its link: it needs --link-tls-cert-file)"
                : " (is the engine's --link-tls-cert-file signed by what this gateway trusts, --engine-tls-trust-file or the JDK's CAs"
                    + " with --engine-tls, and does it name the host dialled?)";
            throw new EngineLinkException("TLS with the engine at " + host + ":" + port + " failed: " + ServerTls.rootMessage(cause) + hint, cause);
        }
    }

    private static boolean isNotTls(final Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause())
        {
            if (cause instanceof NotSslRecordException)
            {
                return true;
            }
        }
        return false;
    }

    private static TcpEngineLink attempt(
        final String host, final int port, final int gatewayId, final EngineEventListener listener,
        final IoTransport transport, final long deadline, final byte[] secret, final SslContext tls)
    {
        final long timeoutMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ringway-link"), transport.handlerFactory());
        final CompletableFuture<Void> welcomed = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final LinkWriter[] writer = new LinkWriter[1];
        try
        {
            final ChannelFuture connected = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true) // besides the link's heartbeat: the OS notices a dead peer too
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.min(Integer.MAX_VALUE, timeoutMs))
                .handler(new EngineLinkClientInitializer(gatewayId, listener, welcomed, closed, () -> writer[0], tls, host, port))
                .connect(host, port)
                .awaitUninterruptibly();
            if (!connected.isSuccess())
            {
                throw new EngineLinkException("cannot reach the engine at " + host + ":" + port + ": " + connected.cause().getMessage(),
                    connected.cause());
            }
            final Channel channel = connected.channel();
            if (tls != null)
            {
                awaitHandshake(channel, host, port, deadline);
            }
            final ExpandableArrayBuffer hello = new ExpandableArrayBuffer(LinkControl.HELLO_LENGTH + 2 + secret.length);
            final int length = LinkControl.hello(hello, 0, gatewayId, secret);
            final ByteBuf frame = channel.alloc().buffer(length);
            frame.writeBytes(hello.byteArray(), 0, length);
            channel.writeAndFlush(frame);
            try
            {
                welcomed.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (final ExecutionException ex)
            {
                final String reason = ex.getCause().getMessage();
                if (!(ex.getCause() instanceof LinkRefusedException))
                {
                    throw new EngineLinkException("the link to the engine at " + host + ":" + port + " closed before it answered HELLO: "
                        + reason + (tls != null ? "" : " (an engine that serves its link over TLS closes a plain-TCP link at once:"
                        + " --engine-tls-trust-file)"), ex.getCause());
                }
                throw new EngineLinkException("the engine at " + host + ":" + port + " refused gateway " + gatewayId + ": " + reason,
                    ex.getCause(), reason != null && reason.endsWith(RemoteGatewayHandler.ID_IN_USE));
            }
            catch (final TimeoutException ex)
            {
                throw new EngineLinkException("the engine at " + host + ":" + port + " did not answer HELLO in " + timeoutMs + " ms", ex);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new EngineLinkException("interrupted while connecting to the engine", ex);
            }
            // Only now: an attempt refused "in use", asked again every 100 ms, would otherwise leave a direct ring per try to the GC.
            writer[0] = new LinkWriter(channel, COMMAND_RING_BYTES);
            return new TcpEngineLink(gatewayId, group, channel, writer[0], closed);
        }
        catch (final RuntimeException | Error ex) // an Error too (out of direct memory): the attempt's thread must not outlive it
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw ex;
        }
    }

    @Override
    public int gatewayId()
    {
        return gatewayId;
    }

    /** Any I/O thread. False when the link is saturated or gone: the caller answers {@code overloaded}. */
    @Override
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.boundsCheck(offset, length);
        return commands.offer(buffer, offset, length);
    }

    /** Completes with the reason when the link is lost (not when {@link #close()} closed it). */
    public CompletableFuture<String> lost()
    {
        return lost;
    }

    public boolean isConnected()
    {
        return channel.isActive();
    }

    /**
     * Writes what is buffered, as far as the socket takes it (best effort: the engine's reset covers the rest), then
     * closes the link; the engine resets this gateway's sessions.
     */
    @Override
    public void close()
    {
        if (closing)
        {
            return;
        }
        closing = true;
        channel.eventLoop().execute(commands); // a last drain of what the gateway's closing sessions offered
        channel.eventLoop().execute(() -> channel.close());
        channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
