package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.TranscriptEntry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transcripts read back by seq, per call; the event log keeps the order events were written in. */
class TranscriptOrderTest extends AgainstBothBackends {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void entriesReadBackBySeqAndApartFromOtherCalls(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        String a = "c_" + UUID.randomUUID();
        String b = "c_" + UUID.randomUUID();
        // Seq 3 is written before 2 (a late final STT result), interleaved with another call.
        store.write(List.of(Calls.said(a, 1, Calls.T0), Calls.said(b, 1, Calls.T0), Calls.said(a, 3, Calls.T0.plusSeconds(3))));
        store.write(List.of(Calls.said(b, 2, Calls.T0.plusSeconds(1)), Calls.said(a, 2, Calls.T0.plusSeconds(2))));

        assertThat(store.transcript(a)).extracting(TranscriptEntry::seq).containsExactly(1, 2, 3);
        assertThat(store.transcript(a)).containsExactly(
                Calls.entry(1, Calls.T0), Calls.entry(2, Calls.T0.plusSeconds(2)), Calls.entry(3, Calls.T0.plusSeconds(3)));
        assertThat(store.transcript(b)).extracting(TranscriptEntry::seq).containsExactly(1, 2);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyEventIsLoggedInWriteOrderWithItsJson(Backend backend) throws SQLException {
        Backend.TestDatabase db = backends.get(backend);
        String id = "c_" + UUID.randomUUID();
        db.store().write(List.of(
                new CallEvent.Created(Calls.queued(id, Calls.T0), Calls.T0),
                new CallEvent.Dtmf(id, "5", Calls.T0.plusSeconds(1)),
                Calls.said(id, 1, Calls.T0.plusSeconds(2))));
        db.store().write(List.of(
                new CallEvent.Tool(id, "book_table", Map.of("people", 4), "ok", 120, Calls.T0.plusSeconds(3)),
                new CallEvent.Error(id, "stt_timeout", "no final result", Calls.T0.plusSeconds(4))));

        List<String> logged = new ArrayList<>();
        try (var c = db.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT type, data FROM call_events WHERE call_id = ? ORDER BY id")) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) logged.add(rs.getString("type") + " " + rs.getString("data"));
            }
        }
        assertThat(logged).hasSize(5);
        assertThat(logged).extracting(s -> s.substring(0, s.indexOf(' ')))
                .containsExactly("call.created", "dtmf", "transcript", "tool", "error");
        assertThat(logged.get(1)).isEqualTo("dtmf {\"digit\":\"5\"}");
        assertThat(logged.get(3)).contains("\"name\":\"book_table\"", "\"people\":4", "\"latencyMs\":120");
    }
}
