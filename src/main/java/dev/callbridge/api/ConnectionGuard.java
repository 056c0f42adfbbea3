package dev.callbridge.api;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP listener does about clients that misuse connections, below the routes: the
 * timeouts of {@link HttpConnectionTimeouts} on every connection, the error shape on requests
 * the decoder refuses (400, 414, 431), and connection failures (a reset, mostly) counted
 * and logged at debug, since they are the client's doing.
 */
public final class ConnectionGuard {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    /** How long a refused upload may still sit unread before its socket is closed; the client reads its answer meanwhile. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final Duration idleTimeout;
    private final Duration headerTimeout;
    private final HttpMetrics metrics;

    public ConnectionGuard(Duration idleTimeout, Duration headerTimeout, HttpMetrics metrics) {
        this.idleTimeout = idleTimeout;
        this.headerTimeout = headerTimeout;
        this.metrics = metrics;
    }

    /**
     * The options the guard relies on: HTTP/1.x only. Without h2c, every connection is set up
     * (and its timers started) when it is accepted, not at its first byte; and nothing here
     * needs HTTP/2 in clear text (Twilio and browsers speak HTTP/1.1 to it, or h2 to a TLS proxy).
     */
    public static HttpServerOptions http1Only(HttpServerOptions options) {
        return options.setHttp2ClearTextEnabled(false);
    }

    public HttpServer applyTo(HttpServer server) {
        return server.invalidRequestHandler(ConnectionGuard::invalidRequest)
                .connectionHandler(this::connected)
                .exceptionHandler(this::connectionFailed);
    }

    private void connected(HttpConnection connection) {
        if (connection instanceof HttpServerConnection c) {
            HttpConnectionTimeouts.install(c.channelHandlerContext().pipeline(), idleTimeout, headerTimeout, metrics);
        }
    }

    /** A request the decoder refused: answered in the error shape; Vert.x then closes the connection. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiError error = switch (cause) {
            case TooLongHttpLineException e -> ApiError.ofStatus(414, "the request line is longer than "
                    + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes");
            case TooLongHttpHeaderException e -> ApiError.ofStatus(431, "the request headers are larger than "
                    + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes");
            // 400 rather than 505: whatever the version, the client sent what this server cannot read.
            case HttpConnectionTimeouts.UnsupportedVersion e -> new ApiError(400, "http_version_not_supported", e.getMessage());
            case TooLongFrameException e -> ApiError.ofStatus(400, "malformed HTTP request: a part of it is too long");
            case null -> ApiError.ofStatus(400, "malformed HTTP request");
            default -> ApiError.ofStatus(400, "malformed HTTP request: " + RequestScreen.printable(String.valueOf(cause.getMessage())));
        };
        log.debug("invalid request from {}: {}", request.remoteAddress(), cause == null ? "?" : cause.toString());
        Json.error(request.response().putHeader("Connection", "close"), error);
    }

    /** Failures of the connection itself: a peer's reset, mostly. Never a server fault worth an ERROR. */
    private void connectionFailed(Throwable failure) {
        if (failure instanceof IOException) metrics.clientAborted("reset");
        log.debug("HTTP connection failed: {}", failure.toString());
    }

    /**
     * Ends a response whose request body is not wanted (a 413): the response goes out with
     * {@code Connection: close}, then reading stops and the write side closes, so the client reads
     * the answer and no more of its upload is taken; the socket closes after {@link #CLOSE_GRACE}.
     */
    static void refuseTheRest(HttpServerResponse response, HttpConnection connection, ApiError error, HttpMetrics metrics) {
        metrics.connectionClosed("too_large");
        response.putHeader("Connection", "close");
        Json.error(response, error).onComplete(done -> {
            if (!(connection instanceof HttpServerConnection c)) {
                connection.close();
                return;
            }
            Channel channel = c.channelHandlerContext().channel();
            channel.config().setAutoRead(false);
            if (channel instanceof DuplexChannel duplex) duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
