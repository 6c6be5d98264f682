package io.ringway.bench.load;

import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the load goes. The load generator only ever targets this machine: the host must be
 * {@code localhost} or a literal {@code 127.0.0.x} address; anything else is refused up front.
 */
public final class LoadTarget
{
    private static final Pattern LOOPBACK_24 = Pattern.compile("127\\.0\\.0\\.(\\d{1,3})");

    private final Transport transport;
    private final String host;
    private final int port;
    private final String webSocketBase;
    private final BenchIo clientIo;
    /** wss://, or raw TCP with --tcp-tls: the connection needs {@link #tls}. */
    private final boolean secure;
    private final SslContext tls;
    /** The host as the URL wrote it, for the TLS name check ({@code localhost}); {@link #host} is the literal address dialled. */
    private final String tlsName;

    private LoadTarget(
        final Transport transport, final String host, final int port, final String webSocketBase, final boolean secure, final String tlsName)
    {
        this(transport, host, port, webSocketBase, BenchIo.AUTO, secure, null, tlsName);
    }

    private LoadTarget(
        final Transport transport, final String host, final int port, final String webSocketBase, final BenchIo clientIo,
        final boolean secure, final SslContext tls, final String tlsName)
    {
        this.tlsName = tlsName;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.webSocketBase = webSocketBase;
        this.clientIo = clientIo;
        this.secure = secure;
        this.tls = tls;
    }

    /** The same target, reached through the client transport {@code clientIo}. */
    LoadTarget withClientIo(final BenchIo clientIo)
    {
        return new LoadTarget(transport, host, port, webSocketBase, clientIo.resolve(), secure, tls, tlsName);
    }

    /** The same target over TLS with {@code context} (raw TCP: made secure; wss://: how to check the server). */
    LoadTarget withTls(final SslContext context)
    {
        return new LoadTarget(transport, host, port, webSocketBase, clientIo, true, context, tlsName);
    }

    /** Whether connections need TLS: a wss:// URL, or raw TCP given {@code --tcp-tls}. */
    public boolean secure()
    {
        return secure;
    }

    /** The client TLS context for a {@link #secure} target; null until {@link #withTls}. */
    SslContext tls()
    {
        return tls;
    }

    String host()
    {
        return host;
    }

    /** The name the server's certificate must carry: the URL's host as written ({@code localhost} stays {@code localhost}). */
    String tlsName()
    {
        return tlsName;
    }

    int port()
    {
        return port;
    }

    /** The load generator's Netty transport towards this target. */
    BenchIo clientIo()
    {
        return clientIo;
    }

    /**
     * @param transport the transport in use
     * @param wsUrl     {@code ws://127.0.0.1:8080/ws} (used by the WebSocket transports)
     * @param tcp       {@code 127.0.0.1:9090} (used by raw TCP)
     */
    public static LoadTarget of(final Transport transport, final String wsUrl, final String tcp)
    {
        return of(transport, wsUrl, tcp, "--url", "--tcp");
    }

    /** As {@link #of(Transport, String, String)}, naming the flags that gave the addresses in its messages. */
    static LoadTarget of(final Transport transport, final String wsUrl, final String tcp, final String urlFlag, final String tcpFlag)
    {
        return transport.webSocket() ? webSocket(transport, wsUrl, urlFlag) : tcp(tcp, tcpFlag);
    }

    static LoadTarget webSocket(final Transport transport, final String url)
    {
        return webSocket(transport, url, "--url");
    }

    private static LoadTarget webSocket(final Transport transport, final String url, final String flag)
    {
        final URI uri;
        try
        {
            uri = new URI(url);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("bad " + flag + " '" + url + "': " + ex.getMessage());
        }
        final boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (!secure && !"ws".equalsIgnoreCase(uri.getScheme()))
        {
            throw new IllegalArgumentException(flag + " must be ws://127.0.0.x:PORT/PATH or wss://…: " + url);
        }
        final String host = requireLoopback(uri.getHost());
        final int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        final String query = uri.getRawQuery();
        final String base = (secure ? "wss://" : "ws://") + host + ":" + port + path + (query == null ? "" : "?" + query);
        return new LoadTarget(transport, host, port, base, secure, uri.getHost());
    }

    static LoadTarget tcp(final String hostPort)
    {
        return tcp(hostPort, "--tcp");
    }

    private static LoadTarget tcp(final String hostPort, final String flag)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1)
        {
            throw new IllegalArgumentException(flag + " must be HOST:PORT, e.g. 127.0.0.1:9090: " + hostPort);
        }
        final String host = requireLoopback(hostPort.substring(0, colon));
        final int port;
        try
        {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " port is not a number: " + hostPort);
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException(flag + " port out of range: " + hostPort);
        }
        return new LoadTarget(Transport.TCP, host, port, null, false, hostPort.substring(0, colon));
    }

    /**
     * Returns the literal address to connect to, refusing anything that is not 127.0.0.x.
     * {@code localhost} becomes {@code 127.0.0.1} (no name lookup at all).
     */
    public static String requireLoopback(final String host)
    {
        if (host == null)
        {
            throw new IllegalArgumentException("no host given");
        }
        if ("localhost".equalsIgnoreCase(host))
        {
            return "127.0.0.1";
        }
        final Matcher matcher = LOOPBACK_24.matcher(host);
        if (matcher.matches())
        {
            final int last = Integer.parseInt(matcher.group(1));
            if (last >= 1 && last <= 254)
            {
                return host;
            }
        }
        throw new IllegalArgumentException(
            "refusing to target '" + host + "': the load generator only targets 127.0.0.1 .. 127.0.0.254 (this machine)");
    }

    public Transport transport()
    {
        return transport;
    }

    public InetSocketAddress address()
    {
        return new InetSocketAddress(host, port);
    }

    /**
     * The WebSocket URI a connection for {@code user} opens (client_id, and encoding=binary for
     * ws-binary). A nats-server ignores the path and query; its clients name themselves in CONNECT.
     */
    public URI webSocketUri(final String user)
    {
        if (transport.nats())
        {
            return URI.create(webSocketBase);
        }
        final String separator = webSocketBase.indexOf('?') >= 0 ? "&" : "?";
        final String encoding = transport == Transport.WS_BINARY ? "&encoding=binary" : "";
        return URI.create(webSocketBase + separator + "client_id=" + LoadMessages.requireSafeName("user", user) + encoding);
    }

    /** What summaries print: the URL or host:port. */
    public String describe()
    {
        return transport.webSocket() ? webSocketBase : host + ":" + port + (secure ? " (TLS)" : "");
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
