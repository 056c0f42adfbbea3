package dev.callbridge.engine.openai;

import dev.callbridge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.internal.http.WebSocketInternal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Realtime API WebSocket: the transport. It connects (model in the query, bearer key in the
 * header), sends client events through the codec and hands decoded server events to its
 * listener. Opened from a call's context, every callback runs on that context.
 */
public final class RealtimeConnection {
    private static final Logger log = LoggerFactory.getLogger(RealtimeConnection.class);
    /** Realtime audio deltas can be large (hundreds of ms of PCM in one message). */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /**
     * Unsent bytes allowed beyond a full socket buffer before the upstream counts as stalled: about
     * 8 s of the caller's audio as 24 kHz PCM (40 s as μ-law). The API reads as fast as the network
     * allows, so a socket this far behind is not coming back in time for a conversation, and the
     * link's reconnect holds the caller's audio meanwhile (bounded too).
     */
    static final int MAX_BACKLOG_BYTES = 512 * 1024;
    /** The code {@link Listener#onClosed} reports for a connection dropped here for not reading (a private-use code). */
    public static final int CLOSED_STALLED = 4001;

    /** What the connection reports. */
    public interface Listener {
        void onEvent(RealtimeServerEvent event);

        /** A frame the codec could not read; the connection stays open. */
        void onUnreadable(RealtimeProtocolException e);

        /** The socket closed; {@code code} is the WebSocket status (1006 when it dropped). */
        void onClosed(int code, String reason);
    }

    private final WebSocket ws;
    private final RealtimeCodec codec;
    /** Bytes handed to the socket since Vert.x last reported it full; zero once it drains. */
    private long sentWhileFull;
    private boolean stalled;

    private RealtimeConnection(WebSocket ws, RealtimeCodec codec) {
        this.ws = ws;
        this.codec = codec;
    }

    /**
     * Options for the shared client the connections are opened with. Every call has its own
     * session to the same host, and MAX_CONCURRENT_CALLS already bounds them: without a higher
     * cap, Vert.x's default of 50 connections per host would make the 51st call wait, silently
     * and without a timeout, until another call ended.
     */
    public static WebSocketClientOptions clientOptions() {
        return new WebSocketClientOptions().setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setConnectTimeout(10_000).setMaxConnections(Integer.MAX_VALUE);
    }

    /**
     * Opens a session. Fails with {@link RealtimeUpstreamException}: its status is the HTTP
     * status of a refused handshake (401 bad key, 429 rate limited), or 0 when unreachable.
     */
    public static Future<RealtimeConnection> open(WebSocketClient client, URI url, String model, Secret apiKey,
                                                  RealtimeCodec codec, Listener listener) {
        String query = "model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(url + (url.getRawQuery() == null ? "?" : "&") + query)
                .addHeader("Authorization", "Bearer " + apiKey.reveal());
        return client.connect(options)
                .recover(e -> Future.failedFuture(e instanceof UpgradeRejectedException rejected
                        ? new RealtimeUpstreamException(rejected.getStatus(), "Realtime API refused the session: HTTP " + rejected.getStatus())
                        : new RealtimeUpstreamException(0, "Realtime API unreachable: " + e.getMessage())))
                .map(ws -> {
                    RealtimeConnection connection = new RealtimeConnection(ws, codec);
                    ws.textMessageHandler(text -> {
                        RealtimeServerEvent event;
                        try {
                            event = codec.decode(text);
                        } catch (RealtimeProtocolException e) {
                            listener.onUnreadable(e);
                            return;
                        }
                        listener.onEvent(event);
                    });
                    ws.exceptionHandler(e -> log.debug("realtime socket error: {}", e.toString()));
                    ws.drainHandler(v -> connection.sentWhileFull = 0);
                    ws.closeHandler(v -> {
                        if (connection.stalled) listener.onClosed(CLOSED_STALLED, "the Realtime API stopped reading");
                        else listener.onClosed(ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode(), ws.closeReason());
                    });
                    return connection;
                });
    }

    /**
     * The codec's bytes are the text frame's payload, as on the Twilio socket: no String in between.
     * What waits unsent is bounded: past {@link #MAX_BACKLOG_BYTES} beyond a full socket the
     * connection is dropped at once (a close frame would wait behind the unsent data), and the
     * listener hears {@link #CLOSED_STALLED}: for the call, a dropped session like any other.
     */
    public void send(RealtimeClientEvent event) {
        if (stalled || ws.isClosed()) return;
        byte[] bytes = codec.encodeUtf8(event);
        if (ws.writeQueueFull()) {
            sentWhileFull += bytes.length;
            if (sentWhileFull > MAX_BACKLOG_BYTES) {
                stalled = true;
                log.warn("realtime socket stalled: over {} bytes unsent; dropping it", MAX_BACKLOG_BYTES);
                if (ws instanceof WebSocketInternal internal) internal.channelHandlerContext().close();
                else ws.close();
                return;
            }
        }
        ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true));
    }

    public void close() {
        if (!ws.isClosed()) ws.close();
    }
}
