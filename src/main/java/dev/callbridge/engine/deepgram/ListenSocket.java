package dev.callbridge.engine.deepgram;

import dev.callbridge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.http.WebSocketInternal;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Deepgram live stream: the transport. It connects with the key in an
 * {@code Authorization: Token} header, sends audio as binary frames and control messages as
 * text, and hands each text message, read by {@link ListenCodec}, to its listener. Opened on a
 * call's context, every callback runs on that context.
 */
final class ListenSocket {
    private static final Logger log = LoggerFactory.getLogger(ListenSocket.class);
    /** Deepgram's messages are a few kilobytes; a megabyte is a server gone wrong. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    /**
     * Unsent audio allowed beyond a full socket buffer before the stream counts as stalled: 32 s of
     * μ-law, 8 s of 16 kHz PCM. Deepgram reads as fast as audio comes, so a socket this far behind
     * will not deliver the utterance's words in time for a conversation.
     */
    static final int MAX_BACKLOG_BYTES = 256 * 1024;

    interface Listener {
        void onMessage(ListenMessage message);

        /** A text message the codec could not read; the socket stays open. */
        void onUnreadable(ListenProtocolException e);

        /** The socket closed after it had opened; {@code code} is 1006 when it dropped without a close frame. */
        void onClosed(int code, String reason);
    }

    private final ClientWebSocket ws;
    /** The socket under {@link #ws}, once open: the one that can be dropped without a close frame. */
    private WebSocket connected;
    /** Bytes handed to the socket since Vert.x last reported it full; zero once it drains. */
    private long sentWhileFull;

    private ListenSocket(ClientWebSocket ws) {
        this.ws = ws;
    }

    /**
     * Options for the client every stream is opened with. One stream per live utterance goes to the
     * same host, and MAX_CONCURRENT_CALLS bounds them already: Vert.x's default of 50 per host would
     * make the 51st wait silently.
     */
    static WebSocketClientOptions clientOptions(int connectTimeoutMillis) {
        return new WebSocketClientOptions().setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setConnectTimeout(connectTimeoutMillis).setMaxConnections(Integer.MAX_VALUE);
    }

    /**
     * Opens a stream at {@code url} (the query already set by {@link ListenCodec#url}). Fails with
     * Vert.x's {@code UpgradeRejectedException} when Deepgram answers the upgrade with an HTTP error,
     * or with the connection's own failure.
     *
     * @param apiKey null sends no Authorization header (a self-hosted Deepgram without auth)
     */
    static Future<ListenSocket> open(WebSocketClient client, URI url, Secret apiKey, Listener listener) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url.toString());
        if (apiKey != null) options.addHeader("Authorization", "Token " + apiKey.reveal());
        ClientWebSocket ws = client.webSocket();
        ListenSocket socket = new ListenSocket(ws);
        // Handlers before connecting, so nothing the server sends right after the upgrade is missed.
        ws.textMessageHandler(text -> {
            ListenMessage message;
            try {
                message = ListenCodec.decode(text);
            } catch (ListenProtocolException e) {
                listener.onUnreadable(e);
                return;
            }
            listener.onMessage(message);
        });
        ws.binaryMessageHandler(b -> log.debug("deepgram sent {} binary bytes; ignored", b.length()));
        ws.exceptionHandler(e -> log.debug("deepgram socket error: {}", e.toString()));
        ws.drainHandler(v -> socket.sentWhileFull = 0);
        ws.closeHandler(v -> listener.onClosed(ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode(), ws.closeReason()));
        return ws.connect(options).map(connected -> {
            socket.connected = connected;
            return socket;
        });
    }

    /**
     * The leg's bytes as one binary frame. False, and nothing sent, when the socket is this far behind
     * ({@link #MAX_BACKLOG_BYTES}): the caller ends the stream. An empty chunk is never sent: Deepgram
     * reads an empty binary frame as the old way to close the stream.
     */
    boolean sendAudio(byte[] audio) {
        if (audio.length == 0) return true;
        if (ws.isClosed()) return true;
        if (ws.writeQueueFull()) {
            sentWhileFull += audio.length;
            if (sentWhileFull > MAX_BACKLOG_BYTES) return false;
        }
        ws.writeBinaryMessage(Buffer.buffer(audio));
        return true;
    }

    /**
     * Audio held while the socket opened, sent at once: not counted towards the backlog, since the
     * hold is bounded already and a whole replayed utterance would otherwise look like a stall.
     */
    void sendHeld(byte[] audio) {
        if (audio.length > 0 && !ws.isClosed()) ws.writeBinaryMessage(Buffer.buffer(audio));
    }

    /** One of {@link ListenCodec}'s control messages, as a text frame. */
    void send(String control) {
        if (!ws.isClosed()) ws.writeTextMessage(control);
    }

    /** A normal close (1000); idempotent. */
    void close() {
        if (!ws.isClosed()) ws.close();
    }

    /** Drops the connection at once: a close frame would wait behind the audio a stalled socket has not sent. */
    void abort() {
        if (connected instanceof WebSocketInternal internal) internal.channelHandlerContext().close();
        else close();
    }
}
