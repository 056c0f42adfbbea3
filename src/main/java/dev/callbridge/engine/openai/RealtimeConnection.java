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
                    ws.closeHandler(v -> listener.onClosed(ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode(),
                            ws.closeReason()));
                    return connection;
                });
    }

    /** The codec's bytes are the text frame's payload, as on the Twilio socket: no String in between. */
    public void send(RealtimeClientEvent event) {
        if (!ws.isClosed()) ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, codec.encodeUtf8(event), true));
    }

    public void close() {
        if (!ws.isClosed()) ws.close();
    }
}
