package dev.callbridge.rtp;

/**
 * Tuning for an {@link RtpSession}; {@link #DEFAULTS} suits Asterisk on the same LAN.
 *
 * @param jitterTargetDepth packets held before playout starts (2 = 40 ms: LAN jitter is a few ms,
 *                          and every frame held is latency before the model hears the caller)
 * @param jitterMaxDepth packets the jitter buffer holds at most before dropping the oldest
 * @param jitterIdleTicks ticks of silence concealed after the last packet before going idle
 * @param slin16PayloadType what we send slin16 as until Asterisk's own choice is learned from its first audio packet
 * @param telephoneEventPayloadType the RFC 4733 payload type to read as DTMF
 * @param maxQueuedFrames outbound 20 ms frames queued at most; audio beyond is dropped and counted
 */
public record RtpSettings(int jitterTargetDepth, int jitterMaxDepth, int jitterIdleTicks, int slin16PayloadType,
                          int telephoneEventPayloadType, int maxQueuedFrames) {
    public static final RtpSettings DEFAULTS = new RtpSettings(JitterBuffer.DEFAULT_TARGET_DEPTH, JitterBuffer.DEFAULT_MAX_DEPTH,
            JitterBuffer.DEFAULT_IDLE_AFTER_TICKS, RtpFormat.SLIN16.defaultPayloadType(), TelephoneEvent.DEFAULT_PAYLOAD_TYPE,
            RtpPacer.DEFAULT_MAX_QUEUED_FRAMES);

    public RtpSettings {
        if (jitterTargetDepth < 1 || jitterMaxDepth < jitterTargetDepth) {
            throw new IllegalArgumentException("need 1 <= jitterTargetDepth <= jitterMaxDepth, got " + jitterTargetDepth + " and " + jitterMaxDepth);
        }
        if (jitterIdleTicks < 0) throw new IllegalArgumentException("jitterIdleTicks must be >= 0: " + jitterIdleTicks);
        if (slin16PayloadType < 96 || slin16PayloadType > 127) {
            throw new IllegalArgumentException("slin16PayloadType must be dynamic (96..127): " + slin16PayloadType);
        }
        if (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127 || telephoneEventPayloadType == slin16PayloadType) {
            throw new IllegalArgumentException("telephoneEventPayloadType must be dynamic (96..127) and not the slin16 one: " + telephoneEventPayloadType);
        }
        if (maxQueuedFrames < 1) throw new IllegalArgumentException("maxQueuedFrames must be >= 1: " + maxQueuedFrames);
    }

    public RtpSettings withJitter(int targetDepth, int maxDepth, int idleTicks) {
        return new RtpSettings(targetDepth, maxDepth, idleTicks, slin16PayloadType, telephoneEventPayloadType, maxQueuedFrames);
    }
}
