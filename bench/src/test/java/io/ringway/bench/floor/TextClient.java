package io.ringway.bench.floor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client on the JDK's own WebSocket (independent of Netty): sends text, and queues every
 * whole text message it receives exactly as received. Waits are bounded hang guards only.
 */
final class TextClient implements AutoCloseable
{
    static final long TIMEOUT_S = 10;

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket webSocket;

    private TextClient(final HttpClient http, final URI uri) throws Exception
    {
        this.webSocket = http.newWebSocketBuilder().buildAsync(uri, new Listener()).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Connects to {@code url} as {@code user} ({@code ?client_id=}), or with no identity when null. */
    static TextClient connect(final HttpClient http, final String url, final String user) throws Exception
    {
        return new TextClient(http, URI.create(user == null ? url : url + "?client_id=" + user));
    }

    void send(final String text) throws Exception
    {
        webSocket.sendText(text, true).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    void sendBinary(final byte[] bytes) throws Exception
    {
        webSocket.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** The next message received; fails the test if none comes within the hang guard. */
    String next() throws InterruptedException
    {
        final String message = received.poll(TIMEOUT_S, TimeUnit.SECONDS);
        if (message == null)
        {
            throw new AssertionError("no message within " + TIMEOUT_S + " s");
        }
        return message;
    }

    /** Messages received and not yet taken. */
    int pending()
    {
        return received.size();
    }

    boolean isClosed()
    {
        return closed.isDone() || webSocket.isInputClosed();
    }

    /** Sends a join and returns its reply. */
    String join(final String room, final String id) throws Exception
    {
        send("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":\"" + id + "\"}");
        return next();
    }

    @Override
    public void close()
    {
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener
    {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                received.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason)
        {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(final WebSocket ws, final Throwable error)
        {
            closed.complete("error " + error);
        }
    }
}
