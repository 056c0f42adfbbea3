package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A call row follows Created → StatusChanged → Ended and reads back as the last snapshot. */
class CallLifecycleStoreTest extends AgainstBothBackends {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachSnapshotReplacesTheRowUntilTheCallEnds(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord queued = Calls.queued(newId(), Calls.T0);
        store.write(List.of(new CallEvent.Created(queued, Calls.T0)));
        assertThat(store.find(queued.id())).contains(queued);

        CallRecord answered = queued.withProviderCallId("CA-real").answered(Calls.T0.plusMillis(2500));
        store.write(List.of(new CallEvent.StatusChanged(answered, answered.answeredAt())));
        assertThat(store.find(queued.id())).contains(answered);

        Instant end = Calls.T0.plusSeconds(63);
        CallRecord ended = answered.ended(CallStatus.COMPLETED, end, EndReason.CALLER_HANGUP);
        store.write(List.of(new CallEvent.Ended(ended, end)));
        assertThat(store.find(queued.id())).contains(ended);
        assertThat(ended.durationMs()).isEqualTo(60_500L);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSnapshotArrivingAfterTheEndDoesNotReopenTheCall(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord queued = Calls.queued(newId(), Calls.T0);
        CallRecord ended = queued.ended(CallStatus.NO_ANSWER, Calls.T0.plusSeconds(30), EndReason.of("timeout", null));
        store.write(List.of(new CallEvent.Created(queued, Calls.T0), new CallEvent.Ended(ended, ended.endedAt())));

        store.write(List.of(new CallEvent.StatusChanged(queued.withStatus(CallStatus.RINGING), Calls.T0.plusSeconds(31))));

        assertThat(store.find(queued.id())).contains(ended);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallFirstSeenThroughAStatusChangeIsStored(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord ringing = Calls.queued(newId(), Calls.T0).withStatus(CallStatus.RINGING);

        store.write(List.of(new CallEvent.StatusChanged(ringing, Calls.T0)));

        assertThat(store.find(ringing.id())).contains(ringing);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void instantsKeepMicrosecondsAndLoseOnlyNanoseconds(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord call = Calls.queued(newId(), Instant.parse("2026-11-21T10:00:00.123456789Z"));

        store.write(List.of(new CallEvent.Created(call, call.createdAt())));

        assertThat(store.find(call.id()).orElseThrow().createdAt())
                .isEqualTo(Instant.parse("2026-11-21T10:00:00.123456Z"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUnknownIdHasNoRecordAndNoTranscript(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();

        assertThat(store.find("c_unknown")).isEmpty();
        assertThat(store.transcript("c_unknown")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anOpenStoreIsUpAndAClosedOneIsNot(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            assertThat(db.store().isUp()).isTrue();
            db.store().close();
            assertThat(db.store().isUp()).isFalse();
        }
    }

    private static String newId() {
        return "c_" + UUID.randomUUID();
    }
}
