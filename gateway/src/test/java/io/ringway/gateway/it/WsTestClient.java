package io.ringway.gateway.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real RFC 6455 client (the JDK's {@link WebSocket}) for system tests: every text message it
 * receives goes into a queue, binary messages into another, and the close code and reason the
 * server sent are kept. Waits are bounded by {@link #TIMEOUT}; nothing here measures time.
 */
final class WsTestClient implements WebSocket.Listener, AutoCloseable
{
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What ended the connection: a close frame from the server, or an error (code -1). */
    record CloseInfo(int code, String reason)
    {
    }

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    /** Messages read by {@link #await} that did not match, kept in arrival order for later reads. */
    private final ArrayDeque<String> stash = new ArrayDeque<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final StringBuilder partialText = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final String name;
    private volatile WebSocket webSocket;

    private WsTestClient(final String name)
    {
        this.name = name;
    }

    static WsTestClient connect(final HttpClient http, final URI uri)
    {
        final WsTestClient client = new WsTestClient(uri.getQuery());
        try
        {
            client.webSocket = http.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(uri, client)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("WebSocket connect to " + uri + " failed", ex);
        }
        return client;
    }

    static URI uri(final java.net.InetSocketAddress http, final String query)
    {
        return URI.create("ws://127.0.0.1:" + http.getPort() + "/ws" + (query == null ? "" : "?" + query));
    }

    WebSocket webSocket()
    {
        return webSocket;
    }

    // ---- listener (JDK WebSocket threads) ----

    @Override
    public void onOpen(final WebSocket ws)
    {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
    {
        partialText.append(data);
        if (last)
        {
            texts.add(partialText.toString());
            partialText.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket ws, final ByteBuffer data, final boolean last)
    {
        final byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partialBinary.writeBytes(bytes);
        if (last)
        {
            binaries.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(final WebSocket ws, final ByteBuffer message)
    {
        pings.incrementAndGet(); // the JDK client answers with a pong by itself
        ws.request(1);
        return null;
    }

    /** Pings received from the server. */
    int pings()
    {
        return pings.get();
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason)
    {
        closed.complete(new CloseInfo(statusCode, reason));
        return null;
    }

    @Override
    public void onError(final WebSocket ws, final Throwable error)
    {
        closed.complete(new CloseInfo(-1, String.valueOf(error)));
    }

    // ---- test side ----

    void send(final String json)
    {
        try
        {
            webSocket.sendText(json, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(name + ": send failed: " + json, ex);
        }
    }

    void sendBinary(final byte[] bytes)
    {
        try
        {
            webSocket.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(name + ": binary send failed", ex);
        }
    }

    /** The next text message, or an AssertionError after {@link #TIMEOUT}. */
    String nextText()
    {
        final String stashed = stash.pollFirst();
        if (stashed != null)
        {
            return stashed;
        }
        return pollText(TIMEOUT);
    }

    private String pollText(final Duration timeout)
    {
        try
        {
            final String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null)
            {
                throw new AssertionError(name + ": no message within " + timeout + (closed.isDone() ? " (closed: " + closed.getNow(null) + ")" : ""));
            }
            return text;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The next text message straight from the wire queue, ignoring the stash; null when none came within {@code timeout}. */
    String pollRaw(final Duration timeout)
    {
        try
        {
            return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    Map<String, Object> next()
    {
        return Json.object(nextText());
    }

    /** The first message (stashed or new) matching; the ones skipped stay readable, in order. */
    Map<String, Object> await(final Predicate<Map<String, Object>> matches, final String what)
    {
        return Json.object(awaitText(matches, what));
    }

    /** Like {@link #await}, but returns the message as the server sent it. */
    String awaitText(final Predicate<Map<String, Object>> matches, final String what)
    {
        for (final Iterator<String> it = stash.iterator(); it.hasNext(); )
        {
            final String text = it.next();
            if (matches.test(Json.object(text)))
            {
                it.remove();
                return text;
            }
        }
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError(name + ": no message matching " + what + " within " + TIMEOUT + "; other messages: " + stash);
            }
            final String text = pollText(Duration.ofNanos(left));
            if (matches.test(Json.object(text)))
            {
                return text;
            }
            stash.addLast(text);
        }
    }

    Map<String, Object> awaitType(final String type)
    {
        return await(json -> type.equals(json.get("type")), "type " + type);
    }

    /** The reply (ack or error) carrying this correlation id. */
    Map<String, Object> awaitReply(final String id)
    {
        return await(json -> id.equals(json.get("id")) && ("ack".equals(json.get("type")) || "error".equals(json.get("type"))),
            "reply to id " + id);
    }

    /** Everything received and not yet read, without waiting. */
    List<Map<String, Object>> drainReceived()
    {
        final List<Map<String, Object>> all = new ArrayList<>();
        String text;
        while ((text = stash.pollFirst()) != null)
        {
            all.add(Json.object(text));
        }
        while ((text = texts.poll()) != null)
        {
            all.add(Json.object(text));
        }
        return all;
    }

    byte[] nextBinary()
    {
        try
        {
            final byte[] bytes = binaries.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (bytes == null)
            {
                throw new AssertionError(name + ": no binary message within " + TIMEOUT);
            }
            return bytes;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Waits for the server to end the connection. */
    CloseInfo awaitClose()
    {
        try
        {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new AssertionError(name + ": connection still open after " + TIMEOUT);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    boolean isClosed()
    {
        return closed.isDone();
    }

    /** A join whose ack has arrived. */
    void join(final String room, final String id)
    {
        send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"" + id + "\"}");
        final Map<String, Object> reply = awaitReply(id);
        if (!"ack".equals(reply.get("type")))
        {
            throw new AssertionError(name + ": join " + room + " refused: " + reply);
        }
    }

    @Override
    public void close()
    {
        final WebSocket ws = webSocket;
        if (ws != null && !ws.isOutputClosed())
        {
            try
            {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (final Exception ignore)
            {
                // already closing or closed
            }
        }
        if (ws != null)
        {
            ws.abort();
        }
    }

    static String utf8(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
