package dev.callbridge.call;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable call records. Implementations: embedded H2 and PostgreSQL (same Flyway migrations),
 * later Redis. Every method blocks and must never be called on an event loop; the
 * {@code StoreWriter} and the API's worker threads call it.
 */
public interface CallStore extends AutoCloseable {
    /**
     * Applies a batch of events atomically and in order: creates and updates call rows,
     * appends transcript entries and events. Applying the same batch twice changes nothing.
     */
    void write(List<CallEvent> batch);

    Optional<CallRecord> find(String callId);

    /**
     * The newest call {@code provider} knows as {@code providerCallId} (a Twilio {@code CallSid}, an
     * Asterisk channel id), if any was stored: a voice webhook for a call that has already ended is a replay.
     */
    Optional<CallRecord> findByProviderCallId(Provider provider, String providerCallId);

    /** Newest first. {@code cursor} is the opaque {@link CallPage#next()} of the previous page. */
    CallPage list(CallQuery query);

    List<TranscriptEntry> transcript(String callId);

    /** Cheap liveness probe for {@code /health}. */
    boolean isUp();

    @Override
    void close();

    record CallQuery(CallStatus status, int limit, String cursor) {}

    record CallPage(List<CallRecord> calls, String next) {}

    /** Cursor encoding shared by implementations: createdAt and id of the last row. */
    record Cursor(Instant createdAt, String id) {}
}
