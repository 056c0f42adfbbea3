package dev.callbridge.twilio;

import dev.callbridge.agent.AgentFactory;
import dev.callbridge.api.ApiError;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Provider;
import dev.callbridge.websocket.WebSocketFrameGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.http.impl.websocket.WebSocketFrameInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WS /ws/twilio-media}: the transport. It authenticates the upgrade, turns text
 * messages into {@link TwilioMessage}s with the codec (from the frames' bytes, see
 * {@link TextMessageAssembler}), and binds the stream to its call on
 * {@code start}. It parses nothing itself and holds no protocol state; that is
 * {@link TwilioMediaStream}'s job.
 */
public final class TwilioMediaEndpoint {
    private static final Logger log = LoggerFactory.getLogger(TwilioMediaEndpoint.class);
    /** Twilio's messages are well under 1 KiB; anything over this is not Twilio. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final long START_TIMEOUT_MS = 5000;
    /** RFC 6455's "message too big". */
    static final int CLOSE_TOO_BIG = 1009;
    /** Unsent bytes a media socket may hold beyond a full socket buffer: about 17 s of audio messages. */
    static final int MAX_BACKLOG_BYTES = 256 * 1024;
    /** How long a closing media socket has to finish the closing handshake before its TCP connection is closed. */
    static final long CLOSE_GRACE_MS = 2000;

    private final Vertx vertx;
    private final TwilioRequestAuth auth;
    private final CallRegistry registry;
    private final AgentFactory agents;
    private final MediaStreamMetrics metrics;
    private final TwilioMediaStream.CallRedirect redirect;
    private final TwilioMediaCodec codec = new TwilioMediaCodec();
    private final long startTimeoutMs;

    public TwilioMediaEndpoint(Vertx vertx, TwilioRequestAuth auth, CallRegistry registry, AgentFactory agents,
                               MediaStreamMetrics metrics, TwilioMediaStream.CallRedirect redirect) {
        this(vertx, auth, registry, agents, metrics, redirect, START_TIMEOUT_MS);
    }

    TwilioMediaEndpoint(Vertx vertx, TwilioRequestAuth auth, CallRegistry registry, AgentFactory agents,
                        MediaStreamMetrics metrics, TwilioMediaStream.CallRedirect redirect, long startTimeoutMs) {
        this.vertx = vertx;
        this.auth = auth;
        this.registry = registry;
        this.agents = agents;
        this.metrics = metrics;
        this.redirect = redirect;
        this.startTimeoutMs = startTimeoutMs;
    }

    public void handle(RoutingContext rc) {
        if (!auth.allowsMediaUpgrade(rc.request())) {
            log.warn("media stream upgrade from {} refused: bad or missing signature", rc.request().remoteAddress());
            rc.fail(new ApiError(403, "forbidden", "media stream upgrade refused: bad or missing X-Twilio-Signature"));
            return;
        }
        // Below Vert.x, before the upgrade: RFC 6455's rules, and a way to close a socket that does not read.
        WebSocketFrameGuard guard = WebSocketFrameGuard.install(rc.request(), MAX_MESSAGE_BYTES);
        rc.request().toWebSocket()
                .onSuccess(ws -> accept(ws, guard))
                .onFailure(e -> log.warn("media stream upgrade failed: {}", e.toString()));
    }

    private void accept(ServerWebSocket ws, WebSocketFrameGuard guard) {
        SocketTransport transport = new SocketTransport(ws, guard);
        TwilioMediaStream[] holder = new TwilioMediaStream[1];
        TwilioMediaStream stream = new TwilioMediaStream(transport, metrics, start -> bind(holder[0], start), startTimeoutMs, redirect);
        holder[0] = stream;
        if (guard != null) {
            // The guard has sent the close frame; the stream counts it and ends the call saying why.
            guard.onViolation(v -> {
                stream.protocolError(MediaProtocolError.ofFrameViolation(v.kind()), v.reason());
                stream.close(v.closeCode(), v.reason(), EndReason.failure("media-protocol-error", v.reason()));
            });
        }
        TextMessageAssembler messages = new TextMessageAssembler(MAX_MESSAGE_BYTES, new TextMessageAssembler.Sink() {
            @Override
            public void text(byte[] bytes, int offset, int length) {
                TwilioMessage.FromTwilio message;
                try {
                    message = codec.decodeFromTwilio(bytes, offset, length); // everything a media socket reads comes from Twilio
                } catch (TwilioProtocolException e) {
                    stream.protocolError(MediaProtocolError.of(e.kind()), e.getMessage());
                    return;
                }
                stream.onMessage(message);
            }

            @Override
            public void tooBig(int bytesSoFar) {
                String detail = "message over " + MAX_MESSAGE_BYTES + " bytes";
                stream.protocolError(MediaProtocolError.MESSAGE_TOO_BIG, detail + " (" + bytesSoFar + " so far)");
                stream.close(CLOSE_TOO_BIG, detail, EndReason.failure("media-protocol-error", detail));
            }

            @Override
            public void binary(int firstFrameBytes) {
                stream.protocolError(MediaProtocolError.BINARY_MESSAGE, firstFrameBytes + " bytes");
            }
        });
        // Frames, not messages: the codec reads each one from its own bytes (see TextMessageAssembler).
        ws.frameHandler(frame -> {
            ByteBuf payload = frame instanceof WebSocketFrameInternal internal
                    ? internal.getBinaryData() : Unpooled.wrappedBuffer(frame.binaryData().getBytes());
            switch (frame.type()) {
                case TEXT -> messages.onText(payload, frame.isFinal());
                case CONTINUATION -> messages.onContinuation(payload, frame.isFinal());
                case BINARY -> messages.onBinary(payload, frame.isFinal());
                default -> { /* ping, pong and close are Vert.x's business */ }
            }
        });
        ws.exceptionHandler(e -> log.debug("media socket error: {}", e.toString()));
        ws.closeHandler(v -> {
            transport.socketClosed();
            stream.onSocketClosed();
        });
    }

    /**
     * {@code start} arrived: find the call the TwiML named, or take in a stream nobody announced.
     * A named call must be presented with its secret {@code callToken} (the upgrade signature covers
     * only the fixed stream URL, so it proves little), and takes exactly one stream: a second is
     * refused and the first left alone. Refusals close with 1008, are counted, and attach nothing.
     */
    private void bind(TwilioMediaStream stream, TwilioMessage.Start start) {
        String callId = start.customParameters().get(CallStreamParameters.CALL_ID);
        Optional<Call> found;
        if (callId != null) {
            found = registry.find(callId);
            if (found.isEmpty()) {
                stream.protocolError(MediaProtocolError.UNKNOWN_CALL, "callId " + callId);
                stream.close(TwilioMediaStream.CLOSE_POLICY, "unknown call " + callId, null);
                return;
            }
            if (!found.get().streamTokenMatches(start.customParameters().get(CallStreamParameters.CALL_TOKEN))) {
                refuse(stream, MediaProtocolError.BAD_CALL_TOKEN, "start for call " + callId + " without its callToken");
                return;
            }
        } else if (start.callSid() != null && start.callSid().length() > TwilioWebhooks.MAX_CALL_SID_LENGTH) {
            refuse(stream, MediaProtocolError.MISSING_FIELD, "unannounced start with a callSid of " + start.callSid().length() + " characters");
            return;
        } else if (start.callSid() != null && registry.findByProviderCallId(start.callSid()).isPresent()) {
            // Our TwiML always names its call: a start that names none but a CallSid we serve is not Twilio's.
            refuse(stream, MediaProtocolError.SECOND_STREAM, "unannounced start for CallSid " + start.callSid() + ", which has a call");
            return;
        } else {
            // TwiML written elsewhere (a TwiML Bin, say) still gets an answer and a record.
            found = registry.create(new CallRegistry.NewCall(Provider.TWILIO, start.callSid(), Direction.INBOUND,
                    null, null, CallStatus.RINGING, agents.defaultAgent(), "en", Map.of()), vertx.getOrCreateContext());
            if (found.isEmpty()) {
                stream.close(TwilioMediaStream.CLOSE_POLICY, "over capacity", null);
                return;
            }
        }
        Call call = found.get();
        if (call.isEnded()) {
            stream.close(TwilioMediaStream.CLOSE_POLICY, "call " + call.id() + " already ended", null);
            return;
        }
        if ("b".equals(start.customParameters().get(CallStreamParameters.PARTY))) {
            // An interpreted call's second party: their own stream, joining the call A's stream began.
            if (!call.claimPartyMedia()) {
                refuse(stream, MediaProtocolError.SECOND_STREAM, "second stream for party b of call " + call.id());
                return;
            }
            stream.callId(call.id());
            call.attachParty(stream, start.callSid());
            return;
        }
        if (!call.claimMedia()) {
            refuse(stream, MediaProtocolError.SECOND_STREAM, "second stream for call " + call.id());
            return;
        }
        stream.callId(call.id());
        if (start.callSid() != null && call.record().providerCallId() == null) registry.providerCallIdKnown(call, start.callSid());
        call.attach(stream, agents.create(call.record().agent()), start.callSid());
    }

    /** One reason on the wire for every refused binding: the reason is counted and logged, not told to the peer. */
    private static void refuse(TwilioMediaStream stream, MediaProtocolError kind, String detail) {
        stream.protocolError(kind, detail);
        stream.close(TwilioMediaStream.CLOSE_POLICY, "stream refused", null);
    }

    /**
     * The socket side of a stream: writes and closes, nothing else.
     *
     * <p>What waits unsent is bounded. Twilio reads its media socket as fast as the network allows
     * and buffers playback on its side, so even a model's answer sent faster than real time is
     * read at once; a peer that stops reading is broken or hostile, not a slow phone. The kernel's
     * send buffer and Netty's (64 KiB before Vert.x reports the socket full) absorb any real
     * burst or network hiccup. Once the socket reports full, at most {@link #MAX_BACKLOG_BYTES}
     * more (about 17 s of audio) may wait; past that the peer is cut off. A bound in bytes, not a
     * count of messages, so a burst of small marks costs nothing and a flood is stopped in
     * well under a second.
     *
     * <p>Every close is bounded in time too: a close frame waits behind unread data, so a peer that
     * does not read would hold the connection for ever. After {@link #CLOSE_GRACE_MS} the TCP
     * connection is closed whatever the peer does.
     */
    private final class SocketTransport implements StreamTransport {
        private final ServerWebSocket ws;
        private final WebSocketFrameGuard guard;
        /** Bytes handed to the socket since Vert.x last reported it full; zero once it drains. */
        private long sentWhileFull;
        private boolean socketClosed;

        SocketTransport(ServerWebSocket ws, WebSocketFrameGuard guard) {
            this.ws = ws;
            this.guard = guard;
            ws.drainHandler(v -> sentWhileFull = 0);
        }

        void socketClosed() {
            socketClosed = true;
        }

        /**
         * The codec's UTF-8 bytes go out as the frame's payload as they are. writeTextMessage would
         * take a String and encode it back to the same bytes: two copies and two conversions per
         * 20 ms frame. Vert.x has no public text-frame-from-bytes factory; its frame class does.
         */
        @Override
        public boolean send(TwilioMessage message) {
            // Closing or closed: the stream hears of it next; nothing to send or bound (and writeQueueFull would throw).
            if (socketClosed || ws.isClosed()) return true;
            byte[] bytes = codec.encode(message);
            if (ws.writeQueueFull()) {
                sentWhileFull += bytes.length;
                if (sentWhileFull > MAX_BACKLOG_BYTES) return false;
            }
            ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true));
            return true;
        }

        @Override
        public void close(int statusCode, String reason) {
            if (socketClosed) return;
            if (!ws.isClosed()) ws.close((short) statusCode, reason);
            if (guard != null) {
                vertx.setTimer(CLOSE_GRACE_MS, t -> {
                    if (!socketClosed) guard.closeConnection();
                });
            }
        }

        @Override
        public Runnable schedule(long delayMs, Runnable task) {
            long id = vertx.setTimer(delayMs, t -> task.run());
            return () -> vertx.cancelTimer(id);
        }
    }
}
