package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writer retries a batch whose commit may have succeeded; applying it again must change
 * nothing, and an old batch applied again must not rewind newer state.
 */
class IdempotentWriteTest extends AgainstBothBackends {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void applyingTheSameBatchTwiceChangesNothing(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String id = "c_" + UUID.randomUUID();
        List<CallEvent> batch = wholeCall(id);

        db.store().write(batch);
        CallRecord once = db.store().find(id).orElseThrow();
        var transcriptOnce = db.store().transcript(id);
        db.store().write(batch);

        assertThat(db.store().find(id)).contains(once);
        assertThat(db.store().transcript(id)).isEqualTo(transcriptOnce).hasSize(2);
        assertThat(rows(db, id)).isEqualTo(new Rows(1, 2, batch.size()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEarlierBatchAppliedAgainDoesNotRewindTheCall(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String id = "c_" + UUID.randomUUID();
        CallRecord queued = Calls.queued(id, Calls.T0);
        CallRecord answered = queued.answered(Calls.T0.plusSeconds(1));
        List<CallEvent> first = List.of(new CallEvent.Created(queued, Calls.T0),
                new CallEvent.StatusChanged(answered, Calls.T0.plusSeconds(1)));
        CallRecord ended = answered.ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(9), EndReason.AGENT_HANGUP);
        List<CallEvent> second = List.of(new CallEvent.Ended(ended, ended.endedAt()));

        db.store().write(first);
        db.store().write(second);
        db.store().write(first);

        assertThat(db.store().find(id)).contains(ended);
        assertThat(rows(db, id)).isEqualTo(new Rows(1, 0, 3));
    }

    private static List<CallEvent> wholeCall(String id) {
        CallRecord queued = Calls.queued(id, Calls.T0);
        CallRecord answered = queued.answered(Calls.T0.plusSeconds(1));
        CallRecord ended = answered.ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(20), EndReason.CALLER_HANGUP);
        return List.of(
                new CallEvent.Created(queued, Calls.T0),
                new CallEvent.StatusChanged(answered, answered.answeredAt()),
                Calls.said(id, 1, Calls.T0.plusSeconds(2)),
                new CallEvent.Dtmf(id, "#", Calls.T0.plusSeconds(3)),
                Calls.said(id, 2, Calls.T0.plusSeconds(4)),
                new CallEvent.Tool(id, "lookup", Map.of("q", "x"), Map.of("found", true), 40, Calls.T0.plusSeconds(5)),
                new CallEvent.Error(id, "tts_failed", "retrying", Calls.T0.plusSeconds(6)),
                new CallEvent.Ended(ended, ended.endedAt()));
    }

    private record Rows(long calls, long entries, long events) {}

    private static Rows rows(Backend.TestDatabase db, String id) {
        return new Rows(db.count("SELECT COUNT(*) FROM calls WHERE id = '" + id + "'"),
                db.count("SELECT COUNT(*) FROM transcript_entries WHERE call_id = '" + id + "'"),
                db.count("SELECT COUNT(*) FROM call_events WHERE call_id = '" + id + "'"));
    }
}
