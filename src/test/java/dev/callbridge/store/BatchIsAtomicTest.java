package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.call.CallEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A batch that fails part-way leaves nothing behind, so the writer can retry it whole. */
class BatchIsAtomicTest extends AgainstBothBackends {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingEventRollsBackTheEventsBeforeIt(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String good = "c_" + UUID.randomUUID();
        String tooLong = "c_" + "x".repeat(300); // calls.id is VARCHAR(255)
        List<CallEvent> batch = List.of(
                new CallEvent.Created(Calls.queued(good, Calls.T0), Calls.T0),
                Calls.said(good, 1, Calls.T0),
                new CallEvent.Created(Calls.queued(tooLong, Calls.T0), Calls.T0));

        assertThatThrownBy(() -> db.store().write(batch))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("writing 3 events");

        assertThat(db.store().find(good)).isEmpty();
        assertThat(db.store().transcript(good)).isEmpty();
        assertThat(db.count("SELECT COUNT(*) FROM call_events WHERE call_id = '" + good + "'")).isZero();
    }
}
