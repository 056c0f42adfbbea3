package dev.callbridge.call;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Future;

/**
 * One phone party of a call, implemented once per front door. A leg turns its provider's
 * wire format into audio and events and back, and knows nothing about AI.
 *
 * <p>All methods are called on the call's context and must not block.
 */
public interface Leg {
    /** What the wire carries: PCMU 8 kHz for Twilio. Agents that want another format transcode once. */
    AudioFormat format();

    /**
     * Queues audio for the party. A non-null {@code tag} comes back through
     * {@link LegListener#onHeard} once everything up to and including this chunk has been
     * heard (Twilio: the mark echo; RTP: the last packet sent). An empty chunk with a tag only
     * marks the position: its tag comes back once everything queued before it has been heard.
     */
    void play(AudioChunk chunk, Object tag);

    /** Barge-in: drops everything queued but not yet heard. Tags of dropped audio never come back as heard. */
    void clear();

    void sendDtmf(String digits);

    /**
     * Hands this party to another number (E.164). The future fails if the provider cannot do it;
     * on success the leg ends, with reason {@code transferred}, once the provider has moved the call.
     */
    Future<Void> transfer(String destination);

    /** Ends this leg. The leg reports {@link LegListener#onEnded} once it is gone. */
    void hangup(EndReason reason);

    void listen(LegListener listener);

    /**
     * From now on, reports what this leg plays to its party to {@code tap}, as exactly as the
     * front door can know it, for the call's recording; null stops the reports. Until called,
     * a leg reports nothing and spends nothing on it. Both front doors implement it; the default
     * is for test legs, whose recordings then have a silent right channel.
     */
    default void tapPlayout(PlayoutTap tap) {}
}
