package dev.callbridge.store;

import static dev.callbridge.store.CallListFiltersTest.call;
import static dev.callbridge.store.CallListFiltersTest.created;
import static dev.callbridge.store.CallListFiltersTest.filter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore.CallPage;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/calls?q=}: on PostgreSQL, the calls with a transcript entry whose text or
 * translation holds all the words, through the text index; the embedded H2 store has no such
 * index and refuses to search rather than read every transcript.
 */
class TranscriptSearchTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void postgresFindsTheCallsWhoseTranscriptHoldsTheWordsAndNoOthers() {
        try (Backend.TestDatabase db = Backend.POSTGRES.open()) {
            assertThat(db.store().searchesTranscripts()).isTrue();
            db.store().write(List.of(
                    created(call("c_1", Provider.TWILIO, "echo", "+15551230000", "+15559870000", CallStatus.COMPLETED, T.plusSeconds(1))),
                    said("c_1", 1, "I'd like to book a TABLE for two", null),
                    said("c_1", 2, "Which evening?", null),
                    created(call("c_2", Provider.ASTERISK, "interpreter", "+442071234567", "+34911234567", CallStatus.COMPLETED, T.plusSeconds(2))),
                    said("c_2", 1, "Quiero reservar una mesa", "I want to reserve a table"),
                    created(call("c_3", Provider.TWILIO, "echo", "+15551230000", "+15559870000", CallStatus.COMPLETED, T.plusSeconds(3))),
                    said("c_3", 1, "Just checking the line", null),
                    created(call("c_4", Provider.TWILIO, "echo", "+15551230000", "+15559870000", CallStatus.FAILED, T.plusSeconds(4)))));

            assertThat(ids(db, "table")).containsExactly("c_2", "c_1");        // any case; a translation counts
            assertThat(ids(db, "book table")).containsExactly("c_1");          // every word, in one entry
            assertThat(ids(db, "mesa")).containsExactly("c_2");                // the original words of an interpreted call
            assertThat(ids(db, "reserve")).containsExactly("c_2");
            assertThat(ids(db, "booking")).isEmpty();                          // words, not stems or substrings
            assertThat(ids(db, "line")).containsExactly("c_3");
            assertThat(db.store().list(filter().words("table").provider(Provider.TWILIO).page(10, null)).calls())
                    .extracting(CallRecord::id).containsExactly("c_1");
        }
    }

    @Test
    void searchPagesWithTheCursorAndUsesTheTextIndex() throws Exception {
        try (Backend.TestDatabase db = Backend.POSTGRES.open()) {
            List<CallEvent> events = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                events.add(created(call("c_" + i, Provider.TWILIO, "echo", "+15551230000", "+15559870000", CallStatus.COMPLETED, T.plusSeconds(i))));
                events.add(said("c_" + i, 1, i % 2 == 1 ? "the parcel arrived" : "nothing to report", null));
            }
            db.store().write(events);

            CallPage first = db.store().list(filter().words("parcel").page(2, null));
            CallPage second = db.store().list(filter().words("parcel").page(2, first.next()));
            assertThat(first.calls()).extracting(CallRecord::id).containsExactly("c_5", "c_3");
            assertThat(second.calls()).extracting(CallRecord::id).containsExactly("c_1");
            assertThat(second.next()).isNull();

            // The store's expression is the index's: with sequential scans priced out, the plan reads the index.
            try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("SET enable_seqscan = off");
                StringBuilder plan = new StringBuilder();
                try (var rs = s.executeQuery("EXPLAIN SELECT 1 FROM transcript_entries t WHERE "
                        + JdbcCallStore.ENTRY_WORDS + " @@ plainto_tsquery('simple', 'parcel')")) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
                assertThat(plan.toString()).contains("transcript_entries_words");
            }
        }
    }

    @Test
    void theEmbeddedStoreRefusesToSearchAndSaysWhy() {
        try (Backend.TestDatabase db = Backend.H2.open()) {
            assertThat(db.store().searchesTranscripts()).isFalse();
            db.store().write(List.of(created(call("c_1", Provider.TWILIO, "echo", "+15551230000", "+15559870000", CallStatus.COMPLETED, T)),
                    said("c_1", 1, "a table for two", null)));

            assertThatThrownBy(() -> db.store().list(filter().words("table").page(10, null)))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("PostgreSQL").hasMessageContaining("no text index");
            // Without q the same store lists as ever.
            assertThat(db.store().list(filter().page(10, null)).calls()).extracting(CallRecord::id).containsExactly("c_1");
        }
    }

    private static List<String> ids(Backend.TestDatabase db, String words) {
        return db.store().list(filter().words(words).page(10, null)).calls().stream().map(CallRecord::id).toList();
    }

    private static CallEvent said(String callId, int seq, String text, String translation) {
        TranscriptEntry entry = new TranscriptEntry(seq, Direction.INBOUND, TranscriptEntry.Speaker.CALLER, TranscriptEntry.Kind.SPEECH,
                text, "en", translation, seq * 1000L, seq * 1000L + 900, T.plusSeconds(seq), false);
        return new CallEvent.Transcript(callId, entry, T.plusSeconds(seq));
    }
}
