package dev.callbridge.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Holds one WebSocket connection to RFC 6455 and fails it, at once and with the RFC's status
 * code, when the peer breaks it: reserved bits without a negotiated extension (1002), a text
 * message that is not UTF-8 (1007), a message over the endpoint's limit (1009), and anything
 * Netty's frame decoder refuses (its own code, usually 1002).
 *
 * <p>Why a Netty handler: Vert.x passes reserved bits through whenever compression is offered,
 * never checks UTF-8 when frames are read one by one (the media socket does, to skip a String
 * per frame), and answers the decoder's protocol errors by closing with 1000, or not closing a
 * socket that does not read. Here, below Vert.x, a violation sends its close frame, closes the
 * TCP connection (after {@link #CLOSE_GRACE_MS} at the latest, whether or not the peer reads),
 * and lets nothing else in or out meanwhile.
 *
 * <p>It sits just before Vert.x's handler, so after any permessage-deflate decoder: a
 * compressed frame reaches it inflated, with its RSV1 cleared. Installed on the HTTP
 * connection before the upgrade (the pipeline then becomes the WebSocket's), and used on
 * that connection's event loop only.
 */
public final class WebSocketFrameGuard extends ChannelDuplexHandler {
    /** How long a failed connection's close frame may take to leave before the TCP connection is closed anyway. */
    static final long CLOSE_GRACE_MS = 1000;
    private static final String NAME = "callbridgeWebSocketFrameGuard";

    /** Why a connection was failed: the close code sent, a counter label, and a reason for the peer and the log. */
    public record Violation(int closeCode, String kind, String reason) {}

    private final long maxMessageBytes;
    private final Utf8Scan utf8 = new Utf8Scan();
    private Consumer<Violation> listener = v -> { };
    private ChannelHandlerContext ctx;
    private boolean failed;
    private boolean inText;
    private long messageBytes;

    private WebSocketFrameGuard(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Puts a guard on the connection of {@code upgrade}, a request about to become a WebSocket
     * whose messages may be up to {@code maxMessageBytes}. Returns null for a connection that
     * cannot carry one (HTTP/2). Call on the request's event loop, before the upgrade.
     */
    public static WebSocketFrameGuard install(HttpServerRequest upgrade, long maxMessageBytes) {
        if (upgrade.version() == HttpVersion.HTTP_2 || !(upgrade.connection() instanceof ConnectionBase conn)) return null;
        ChannelPipeline pipeline = conn.channel().pipeline();
        if (pipeline.get(NAME) != null) pipeline.remove(NAME); // an earlier upgrade attempt on this connection
        if (pipeline.get("handler") == null) return null;
        WebSocketFrameGuard guard = new WebSocketFrameGuard(maxMessageBytes);
        pipeline.addBefore("handler", NAME, guard);
        return guard;
    }

    /** Who hears of a violation (on the connection's event loop), e.g. to count it and end a call. */
    public void onViolation(Consumer<Violation> listener) {
        this.listener = listener;
    }

    /**
     * Closes the TCP connection now, below Vert.x: for a peer that does not read, whose close
     * frame would otherwise wait behind the unread data for ever.
     */
    public void closeConnection() {
        if (ctx != null) ctx.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            Violation v = check(frame);
            if (v != null) {
                frame.release();
                fail(ctx, v);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private Violation check(WebSocketFrame frame) {
        if (frame.rsv() != 0) {
            return new Violation(1002, "reserved_bits", "reserved bits set (" + frame.rsv() + ") and no extension negotiated");
        }
        boolean text = frame instanceof TextWebSocketFrame;
        boolean continuation = frame instanceof ContinuationWebSocketFrame;
        if (!text && !continuation && !(frame instanceof BinaryWebSocketFrame)) return null; // control frames: Netty checks them
        ByteBuf payload = frame.content();
        if (continuation) {
            messageBytes += payload.readableBytes();
        } else {
            messageBytes = payload.readableBytes();
            inText = text;
            utf8.reset();
        }
        if (messageBytes > maxMessageBytes) {
            return new Violation(1009, "message_too_big", "message over " + maxMessageBytes + " bytes");
        }
        if (inText && (!utf8.update(payload) || frame.isFinalFragment() && !utf8.complete())) {
            return new Violation(1007, "invalid_utf8", "text message is not valid UTF-8");
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            // Netty's decoder refused a frame; Vert.x would close with 1000. Swallowed here, answered right.
            if (!failed) {
                fail(ctx, new Violation(corrupt.closeStatus().code(), corrupt.closeStatus().code() == 1009 ? "frame_too_big" : "protocol_error",
                        String.valueOf(corrupt.getMessage())));
            }
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** After the close frame nothing more goes out: RFC 6455 §5.5.1. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        ctx.write(msg, promise);
    }

    private void fail(ChannelHandlerContext ctx, Violation v) {
        failed = true;
        // A close reason is at most 123 bytes; ours are ASCII.
        String reason = v.reason().length() > 123 ? v.reason().substring(0, 123) : v.reason();
        // Closed from here towards the socket, not through Vert.x's handler, which would first queue a close frame of its own.
        ctx.writeAndFlush(new CloseWebSocketFrame(v.closeCode(), reason)).addListener(f -> ctx.close());
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        listener.accept(v);
    }
}
