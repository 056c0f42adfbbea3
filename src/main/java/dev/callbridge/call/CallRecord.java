package dev.callbridge.call;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable snapshot of a call: what the store keeps and what {@code /api/calls} returns.
 * Field names are the JSON contract in DESIGN; {@code stats} (the agent's summary, on the final
 * record only) and {@code recording} (set once the call's recording is finished) are our
 * additions, noted in the README, as is {@code interpreter} (an interpreted call's second party
 * and both languages; null for any other call) and {@code followUp} (the message a completed call
 * is followed up with, written by the store and the follow-up's sender; null when there is none).
 */
public record CallRecord(
        String id,
        Provider provider,
        String providerCallId,
        Direction direction,
        String from,
        String to,
        CallStatus status,
        String agent,
        String language,
        Instant createdAt,
        Instant answeredAt,
        Instant endedAt,
        String endReason,
        Long durationMs,
        Map<String, String> metadata,
        CallStats stats,
        Recording recording,
        Interpretation interpreter,
        FollowUp followUp) {

    public CallRecord {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A record without agent stats, as every call is until its agent reports at the end. */
    public CallRecord(String id, Provider provider, String providerCallId, Direction direction, String from, String to,
                      CallStatus status, String agent, String language, Instant createdAt, Instant answeredAt,
                      Instant endedAt, String endReason, Long durationMs, Map<String, String> metadata) {
        this(id, provider, providerCallId, direction, from, to, status, agent, language, createdAt, answeredAt,
                endedAt, endReason, durationMs, metadata, null, null, null, null);
    }

    /** A record without a recording, as every call is until its recording is finished. */
    public CallRecord(String id, Provider provider, String providerCallId, Direction direction, String from, String to,
                      CallStatus status, String agent, String language, Instant createdAt, Instant answeredAt,
                      Instant endedAt, String endReason, Long durationMs, Map<String, String> metadata, CallStats stats) {
        this(id, provider, providerCallId, direction, from, to, status, agent, language, createdAt, answeredAt,
                endedAt, endReason, durationMs, metadata, stats, null, null, null);
    }

    public CallRecord withStatus(CallStatus s) {
        return new CallRecord(id, provider, providerCallId, direction, from, to, s, agent, language,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, stats, recording, interpreter, followUp);
    }

    public CallRecord withProviderCallId(String sid) {
        return new CallRecord(id, provider, sid, direction, from, to, status, agent, language,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, stats, recording, interpreter, followUp);
    }

    public CallRecord withLanguage(String lang) {
        return new CallRecord(id, provider, providerCallId, direction, from, to, status, agent, lang,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, stats, recording, interpreter, followUp);
    }

    public CallRecord answered(Instant at) {
        return new CallRecord(id, provider, providerCallId, direction, from, to, CallStatus.IN_PROGRESS, agent, language,
                createdAt, at, endedAt, endReason, durationMs, metadata, stats, recording, interpreter, followUp);
    }

    /** The record once ended; duration counts from answer, or is 0 for a call never answered. */
    public CallRecord ended(CallStatus finalStatus, Instant at, EndReason reason) {
        long duration = answeredAt == null ? 0 : Math.max(0, at.toEpochMilli() - answeredAt.toEpochMilli());
        return new CallRecord(id, provider, providerCallId, direction, from, to, finalStatus, agent, language,
                createdAt, answeredAt, at, reason.toString(), duration, metadata, stats, recording, interpreter, followUp);
    }

    public CallRecord withStats(CallStats s) {
        return new CallRecord(id, provider, providerCallId, direction, from, to, status, agent, language,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, s, recording, interpreter, followUp);
    }

    public CallRecord withInterpreter(Interpretation i) {
        // A's language is the record's: the two never disagree.
        String lang = i == null ? language : i.languages().a();
        return new CallRecord(id, provider, providerCallId, direction, from, to, status, agent, lang,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, stats, recording, i, followUp);
    }

    public CallRecord withFollowUp(FollowUp f) {
        return new CallRecord(id, provider, providerCallId, direction, from, to, status, agent, language,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, stats, recording, interpreter, f);
    }

    public CallRecord withRecording(Recording r) {
        return new CallRecord(id, provider, providerCallId, direction, from, to, status, agent, language,
                createdAt, answeredAt, endedAt, endReason, durationMs, metadata, stats, r, interpreter, followUp);
    }
}
