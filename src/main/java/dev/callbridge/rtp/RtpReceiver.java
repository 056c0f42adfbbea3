package dev.callbridge.rtp;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The receive path without the socket: datagram bytes in, 20 ms frames (per tick) and key
 * presses out. Parses, sorts packets by payload type, learns slin16's dynamic payload type, and
 * feeds the {@link JitterBuffer} and {@link DtmfReceiver}. Source checks are the session's.
 *
 * <p>Packets that carry no audio for their 20 ms (events, comfort noise, other payload types,
 * audio that is not one 20 ms frame) still take their sequence number in the jitter buffer,
 * where they play as silence and are not counted lost. Not thread-safe: one per session.
 */
final class RtpReceiver {
    private final RtpFormat format;
    private final int eventPayloadType;
    private final RtpMetrics metrics;
    private final OnceLog problems;
    private final JitterBuffer jitter;
    private final DtmfReceiver dtmf = new DtmfReceiver();
    private final Consumer<Character> onDigit;
    private final IntConsumer onPayloadTypeLearned;
    private int audioPayloadType;

    RtpReceiver(RtpFormat format, RtpSettings settings, RtpMetrics metrics, OnceLog problems, Consumer<Character> onDigit,
                IntConsumer onPayloadTypeLearned) {
        this.format = format;
        this.eventPayloadType = settings.telephoneEventPayloadType();
        this.metrics = metrics;
        this.problems = problems;
        this.onDigit = onDigit;
        this.onPayloadTypeLearned = onPayloadTypeLearned;
        this.audioPayloadType = format.staticPayloadType() ? format.defaultPayloadType() : -1;
        this.jitter = new JitterBuffer(format, settings.jitterTargetDepth(), settings.jitterMaxDepth(), settings.jitterIdleTicks(), metrics);
    }

    /** Takes one datagram; true if it was an RTP packet (the kind of packet a remote may be latched onto). */
    boolean accept(byte[] datagram) {
        RtpPacket packet;
        try {
            packet = RtpCodec.parse(datagram, datagram.length);
        } catch (RtpFormatException e) {
            if (e.kind() == RtpFormatException.Kind.RTCP) {
                metrics.rtcp();
            } else {
                metrics.malformed();
                problems.warn("malformed", "malformed RTP ignored: {} ({})", e.kind(), e.getMessage());
            }
            return false;
        }
        metrics.packetIn();
        int pt = packet.payloadType();
        if (pt == eventPayloadType) {
            onEvent(packet);
        } else if (isAudio(pt)) {
            onAudio(packet);
        } else {
            metrics.ignoredPayloadType();
            jitter.insert(packet.ssrc(), packet.sequence(), null);
        }
        return true;
    }

    /** The frame for this 20 ms tick, or null if there is nothing to play. */
    byte[] tick() {
        return jitter.next();
    }

    /** Whether ticks are needed: the jitter buffer holds or plays something. */
    boolean active() {
        return jitter.active();
    }

    /** PCMU is PT 0; slin16's is dynamic: whatever Asterisk's first audio packet carries. */
    private boolean isAudio(int pt) {
        if (audioPayloadType < 0 && pt >= 96) {
            audioPayloadType = pt;
            onPayloadTypeLearned.accept(pt);
        }
        return pt == audioPayloadType;
    }

    private void onAudio(RtpPacket packet) {
        byte[] payload = packet.payload();
        if (payload.length != format.frameBytes()) {
            metrics.malformed();
            problems.warn("frame-size", "{}-byte {} payload ignored: only 20 ms packets ({} bytes) are played",
                    payload.length, format, format.frameBytes());
            jitter.insert(packet.ssrc(), packet.sequence(), null);
            return;
        }
        jitter.insert(packet.ssrc(), packet.sequence(), format.fromWire(payload));
    }

    private void onEvent(RtpPacket packet) {
        // Events share the audio's sequence space; the sender sends no audio meanwhile.
        jitter.insert(packet.ssrc(), packet.sequence(), null);
        TelephoneEvent event;
        try {
            event = TelephoneEvent.decode(packet.payload());
        } catch (RtpFormatException e) {
            metrics.malformed();
            problems.warn("malformed-event", "malformed telephone-event ignored: {}", e.getMessage());
            return;
        }
        dtmf.accept(packet, event).ifPresent(digit -> {
            metrics.dtmf();
            onDigit.accept(digit);
        });
    }
}
