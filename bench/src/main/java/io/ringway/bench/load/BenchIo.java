package io.ringway.bench.load;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.Locale;

/**
 * The bench's own Netty transport: the load generator's ({@code --client-io}) and the floor
 * server's (always {@code auto}). The client shares the cores with the server it measures, so
 * every CPU-second it saves is one the server (Ringway or NATS alike) can use: {@code auto} takes
 * Netty's native epoll transport wherever it loads, else the JDK's NIO.
 */
public enum BenchIo
{
    AUTO, EPOLL, NIO;

    static BenchIo parse(final String name)
    {
        for (final BenchIo io : values())
        {
            if (io.name().equalsIgnoreCase(name.trim()))
            {
                return io;
            }
        }
        throw new IllegalArgumentException("--client-io must be auto, epoll or nio, not '" + name + "'");
    }

    /** AUTO resolved; EPOLL checked. */
    public BenchIo resolve()
    {
        if (this == AUTO)
        {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }
        if (this == EPOLL && !Epoll.isAvailable())
        {
            throw new IllegalArgumentException("--client-io epoll: unavailable here: " + Epoll.unavailabilityCause());
        }
        return this;
    }

    public IoHandlerFactory handlerFactory()
    {
        return resolve() == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    Class<? extends SocketChannel> channelClass()
    {
        return resolve() == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** For a server: the listening channel of this transport. */
    public Class<? extends ServerChannel> serverChannelClass()
    {
        return resolve() == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public String label()
    {
        return resolve().name().toLowerCase(Locale.ROOT);
    }
}
