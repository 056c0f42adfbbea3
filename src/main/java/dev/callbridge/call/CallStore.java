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

    /**
     * Newest first, narrowed by the query's filters (all of them at once). {@code cursor} is the opaque
     * {@link CallPage#next()} of the previous page, asked again with the same filters.
     *
     * @throws UnsupportedOperationException when the query searches transcripts and {@link #searchesTranscripts()} is false
     */
    CallPage list(CallQuery query);

    /**
     * Whether {@link CallQuery#words()} can be answered: only where a text index makes it cheap
     * (PostgreSQL); scanning every transcript of an embedded store per page would not be.
     */
    default boolean searchesTranscripts() {
        return false;
    }

    List<TranscriptEntry> transcript(String callId);

    /** Cheap liveness probe for {@code /health}. */
    boolean isUp();

    @Override
    void close();

    /**
     * What {@code GET /api/calls} asks for; null means "any". {@code since} is inclusive and {@code until}
     * exclusive, both on createdAt; {@code number} is a run of digits (maybe with a leading {@code +}) that
     * {@code from} or {@code to} contains; {@code words} are words a transcript entry's text or translation holds.
     */
    record CallQuery(CallStatus status, Provider provider, String agent, Instant since, Instant until, String number,
                     String words, int limit, String cursor) {
        public CallQuery(CallStatus status, int limit, String cursor) {
            this(status, null, null, null, null, null, null, limit, cursor);
        }
    }

    record CallPage(List<CallRecord> calls, String next) {}

    /** Cursor encoding shared by implementations: createdAt and id of the last row. */
    record Cursor(Instant createdAt, String id) {}
}
