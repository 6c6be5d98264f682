package io.ringway.gateway.io;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * Which Netty transport the gateway's event loops use.
 *
 * <p>{@link #EPOLL} is Netty's native Linux transport: edge-triggered epoll, no selected-key set,
 * {@code writev} straight from pooled direct buffers, an eventfd wake-up. {@link #AUTO} picks it
 * whenever the native library loads (Linux x86_64 / aarch64 / riscv64, shipped inside netty-all)
 * and falls back to the JDK's {@link #NIO} elsewhere. {@link #IO_URING} is offered for kernels and
 * sandboxes that allow it; it is never picked by AUTO.
 */
public enum IoTransport
{
    AUTO, EPOLL, IO_URING, NIO;

    /** {@code auto}, {@code epoll}, {@code io_uring} or {@code nio}, any case. */
    public static IoTransport parse(final String name)
    {
        for (final IoTransport transport : values())
        {
            if (transport.name().equalsIgnoreCase(name.trim()))
            {
                return transport;
            }
        }
        throw new IllegalArgumentException("--io-transport must be auto, epoll, io_uring or nio, not '" + name + "'");
    }

    /** The transport to use: AUTO resolved, and a native one checked. @throws IllegalStateException when it cannot load here */
    public IoTransport resolve()
    {
        return switch (this)
        {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL ->
            {
                if (!Epoll.isAvailable())
                {
                    throw new IllegalStateException("epoll transport unavailable here: " + Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
            case IO_URING ->
            {
                if (!IoUring.isAvailable())
                {
                    throw new IllegalStateException("io_uring transport unavailable here: " + IoUring.unavailabilityCause());
                }
                yield IO_URING;
            }
            case NIO -> NIO;
        };
    }

    public IoHandlerFactory handlerFactory()
    {
        return switch (resolve())
        {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerChannel> serverChannel()
    {
        return switch (resolve())
        {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /** For outgoing connections (a gateway's link to its engine). */
    public Class<? extends Channel> socketChannel()
    {
        return switch (resolve())
        {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    /** For the start-up line: what AUTO became. */
    public String label()
    {
        return resolve().name().toLowerCase(java.util.Locale.ROOT);
    }
}
