package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore.CallQuery;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Recording;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A call's {@code recording} on H2 and PostgreSQL alike: written by {@code call.recording}
 * events after the final record, read back by id and in listings, replaced by a later one (a
 * deletion), never undone by a snapshot re-applied later, and idempotent like every write.
 */
class RecordingSummaryStoreTest extends AgainstBothBackends {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRecordingFollowsTheFinalRecordAndADeletionReplacesIt(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord queued = Calls.queued("c_" + UUID.randomUUID(), Calls.T0);
        Instant end = Calls.T0.plusSeconds(63);
        CallRecord ended = queued.answered(Calls.T0.plusSeconds(2)).ended(CallStatus.COMPLETED, end, EndReason.CALLER_HANGUP);
        Recording finished = Recording.incomplete(61_020, 1_952_684, Recording.DISK_FULL);
        List<CallEvent> batch = List.of(new CallEvent.Created(queued, Calls.T0), new CallEvent.Ended(ended, end),
                new CallEvent.RecordingChanged(queued.id(), finished, end.plusMillis(300)));

        store.write(batch);
        assertThat(store.find(queued.id()).orElseThrow().recording()).isEqualTo(finished);
        assertThat(store.list(new CallQuery(null, JdbcCallStore.MAX_PAGE, null)).calls())
                .filteredOn(c -> c.id().equals(queued.id())).singleElement()
                .extracting(CallRecord::recording).isEqualTo(finished);

        Recording deleted = finished.deleted(end.plusSeconds(3600), "api");
        store.write(List.of(new CallEvent.RecordingChanged(queued.id(), deleted, end.plusSeconds(3600))));
        store.write(List.of(new CallEvent.StatusChanged(ended, end))); // a snapshot re-applied late
        store.write(batch); // and the first batch again
        assertThat(store.find(queued.id()).orElseThrow().recording()).isEqualTo(deleted);
        assertThat(store.find(queued.id()).orElseThrow().status()).isEqualTo(CallStatus.COMPLETED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallNeverRecordedReadsWithRecordingNull(Backend backend) {
        JdbcCallStore store = backends.get(backend).store();
        CallRecord queued = Calls.queued("c_" + UUID.randomUUID(), Calls.T0);
        store.write(List.of(new CallEvent.Created(queued, Calls.T0)));
        assertThat(store.find(queued.id()).orElseThrow().recording()).isNull();
    }
}
