package dev.callbridge.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.x connection's timeouts, as Netty handlers around Vert.x's request decoder:
 * <ul>
 *   <li><b>Header timeout:</b> a request head (request line and headers) must be complete within
 *       it of its first byte; otherwise 408 and close. This is what stops a client that sends a
 *       header line every few seconds, which no idle timeout catches.</li>
 *   <li><b>Idle timeout:</b> nothing read and nothing written for it (a connection never used,
 *       one idle between keep-alive requests, a request whose body stalls): close.</li>
 *   <li><b>WebSockets</b> are not closed for being quiet: a {@code /ws/events} subscriber may hear
 *       nothing for an hour. Once upgraded, the idle timeout pings instead, and closes only when a
 *       whole further timeout passes with nothing read: then the peer is gone.</li>
 * </ul>
 * It also takes HTTP/1.2+ as HTTP/1.1, and marks a request head of another major version as
 * invalid, so the invalid-request handler answers it (400 in the error shape) rather than
 * Vert.x's empty 501.
 * Everything here runs on the connection's event loop.
 */
final class HttpConnectionTimeouts {
    /** Vert.x's names for its HTTP/1.x decoder in the pipeline; ours go around it. */
    private static final String DECODER = "httpDecoder";
    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: %d\r\n\r\n%s").formatted(timeoutBody().length(), timeoutBody())
            .getBytes(StandardCharsets.UTF_8);

    private final long headerTimeoutMs;
    private final HttpMetrics metrics;
    // Event-loop confined, like the handlers below.
    private boolean awaitingHead = true;
    private boolean responding;
    private boolean pingOutstanding;
    private ScheduledFuture<?> headTimer;

    private HttpConnectionTimeouts(Duration headerTimeout, HttpMetrics metrics) {
        this.headerTimeoutMs = headerTimeout.toMillis();
        this.metrics = metrics;
    }

    /** Puts the timeouts into a new HTTP/1.x connection's pipeline, before its first byte is read. */
    static void install(ChannelPipeline pipeline, Duration idleTimeout, Duration headerTimeout, HttpMetrics metrics) {
        HttpConnectionTimeouts timeouts = new HttpConnectionTimeouts(headerTimeout, metrics);
        // observeOutput: a response still draining to a slow reader is not idle.
        pipeline.addBefore(DECODER, "callbridge-idle", new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addBefore(DECODER, "callbridge-head-bytes", timeouts.new HeadBytes());
        pipeline.addAfter(DECODER, "callbridge-requests", timeouts.new Requests());
    }

    /** Sees raw bytes before the decoder: the first byte of a request head starts its timer. */
    private final class HeadBytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (isWebSocket(ctx)) {
                ctx.pipeline().remove(this); // frames from here on: no request heads to time
            } else if (awaitingHead && headTimer == null) {
                headTimer = ctx.executor().schedule(() -> headTimedOut(ctx), headerTimeoutMs, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancelHeadTimer();
            ctx.fireChannelInactive();
        }
    }

    /** Sees decoded requests and the responses to them, and the idle events. */
    private final class Requests extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pingOutstanding = false;
            if (msg instanceof HttpRequest head) {
                awaitingHead = false;
                cancelHeadTimer();
                refuseUnsupportedVersion(head);
            }
            if (msg instanceof LastHttpContent) awaitingHead = true;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse) responding = true;
            if (msg instanceof LastHttpContent) responding = false;
            ctx.write(msg, promise);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            // Not passed on: Vert.x would close on it, WebSockets included.
            if (event instanceof IdleStateEvent) idle(ctx);
            else ctx.fireUserEventTriggered(event);
        }
    }

    private void idle(ChannelHandlerContext ctx) {
        if (!isWebSocket(ctx)) {
            metrics.connectionClosed("idle");
            ctx.close();
        } else if (pingOutstanding) {
            metrics.connectionClosed("unanswered_ping");
            ctx.close();
        } else {
            pingOutstanding = true; // any frame read clears it; a live peer answers with a pong
            // From the tail: the frame encoder sits after this handler, and must see it.
            ctx.channel().writeAndFlush(new PingWebSocketFrame());
        }
    }

    private void headTimedOut(ChannelHandlerContext ctx) {
        headTimer = null;
        if (!awaitingHead || !ctx.channel().isActive() || isWebSocket(ctx)) return;
        metrics.connectionClosed("header_timeout");
        if (responding) {
            ctx.close(); // a response is still going out: no room for another
        } else {
            // Raw bytes from before the decoder: the encoder never saw a request to answer.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void cancelHeadTimer() {
        if (headTimer != null) {
            headTimer.cancel(false);
            headTimer = null;
        }
    }

    private static boolean isWebSocket(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(WebSocketFrameDecoder.class) != null;
    }

    /**
     * HTTP/1.2 and up are served as HTTP/1.1, as RFC 9112 §2.3 asks; another major version
     * (HTTP/2.0 spoken to an HTTP/1 port, HTTP/0.9) becomes an invalid request.
     */
    private static void refuseUnsupportedVersion(HttpRequest head) {
        HttpVersion version = head.protocolVersion();
        if (!head.decoderResult().isSuccess() || version.equals(HttpVersion.HTTP_1_1) || version.equals(HttpVersion.HTTP_1_0)) return;
        head.setProtocolVersion(HttpVersion.HTTP_1_1); // either way, the answer is an HTTP/1.1 response
        if (version.majorVersion() != 1 || version.minorVersion() < 1) {
            head.setDecoderResult(DecoderResult.failure(new UnsupportedVersion(version.text())));
        }
    }

    private static String timeoutBody() {
        return Json.errorText(ApiError.ofStatus(408, "the request headers did not arrive in time"));
    }

    /** A request in an HTTP version this server does not speak. */
    static final class UnsupportedVersion extends RuntimeException {
        UnsupportedVersion(String version) {
            super("HTTP version " + RequestScreen.printable(version) + " is not supported; use HTTP/1.1", null, false, false);
        }
    }
}
