package dev.callbridge.store;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import java.time.Instant;
import java.util.Map;

/** Test records with realistic values; instants are microsecond-exact so they round-trip. */
final class Calls {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00.123456Z");

    private Calls() {}

    static CallRecord queued(String id, Instant createdAt) {
        return new CallRecord(id, Provider.TWILIO, "CA" + id, Direction.INBOUND, "+15551230000", "+15559870000",
                CallStatus.QUEUED, "echo", "en", createdAt, null, null, null, null, Map.of("campaign", "spring"));
    }

    static TranscriptEntry entry(int seq, Instant at) {
        return new TranscriptEntry(seq, seq % 2 == 1 ? Direction.INBOUND : Direction.OUTBOUND,
                seq % 2 == 1 ? TranscriptEntry.Speaker.CALLER : TranscriptEntry.Speaker.AGENT,
                TranscriptEntry.Kind.SPEECH, "line " + seq, "en", null, seq * 1000L, seq * 1000L + 900, at, false);
    }

    static CallEvent.Transcript said(String callId, int seq, Instant at) {
        return new CallEvent.Transcript(callId, entry(seq, at), at);
    }
}
