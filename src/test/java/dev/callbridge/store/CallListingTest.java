package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore.CallPage;
import dev.callbridge.call.CallStore.CallQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /api/calls}: newest first by (createdAt, id), status filter, cursor paging, and
 * {@code next} null on the last page. Each test opens its own database: listing sees every row.
 */
class CallListingTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pagesWalkAllCallsNewestFirstThenStop(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            // c_4 and c_5 share an instant: the id breaks the tie, and the page edge falls between them.
            List<CallRecord> calls = List.of(at("c_1", 1), at("c_2", 2), at("c_3", 3), at("c_4", 4), at("c_5", 4),
                    at("c_6", 6), at("c_7", 7));
            db.store().write(calls.stream().<CallEvent>map(c -> new CallEvent.Created(c, c.createdAt())).toList());

            List<String> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String cursor = null;
            do {
                CallPage page = db.store().list(new CallQuery(null, 3, cursor));
                page.calls().forEach(c -> seen.add(c.id()));
                pageSizes.add(page.calls().size());
                cursor = page.next();
            } while (cursor != null);

            assertThat(seen).containsExactly("c_7", "c_6", "c_5", "c_4", "c_3", "c_2", "c_1");
            assertThat(pageSizes).containsExactly(3, 3, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFullLastPageHasNoNext(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            db.store().write(List.of(created(at("c_1", 1)), created(at("c_2", 2))));

            CallPage page = db.store().list(new CallQuery(null, 2, null));

            assertThat(page.calls()).extracting(CallRecord::id).containsExactly("c_2", "c_1");
            assertThat(page.next()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theStatusFilterAppliesAcrossPages(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            List<CallEvent> events = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                CallRecord call = at("c_" + i, i);
                events.add(created(i % 2 == 0 ? call.answered(call.createdAt()) : call));
            }
            db.store().write(events);

            CallPage first = db.store().list(new CallQuery(CallStatus.IN_PROGRESS, 2, null));
            CallPage second = db.store().list(new CallQuery(CallStatus.IN_PROGRESS, 2, first.next()));

            assertThat(first.calls()).extracting(CallRecord::id).containsExactly("c_6", "c_4");
            assertThat(second.calls()).extracting(CallRecord::id).containsExactly("c_2");
            assertThat(second.next()).isNull();
            assertThat(db.store().list(new CallQuery(CallStatus.QUEUED, 500, null)).calls())
                    .extracting(CallRecord::id).containsExactly("c_5", "c_3", "c_1");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void limitsOutside1To500AndForeignCursorsAreRejected(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            assertThatThrownBy(() -> db.store().list(new CallQuery(null, 0, null))).hasMessageContaining("limit must be 1..500");
            assertThatThrownBy(() -> db.store().list(new CallQuery(null, 501, null))).hasMessageContaining("got 501");
            assertThatThrownBy(() -> db.store().list(new CallQuery(null, 10, "not-a-cursor")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed cursor");
        }
    }

    private static CallRecord at(String id, int second) {
        return Calls.queued(id, Calls.T0.plusSeconds(second));
    }

    private static CallEvent created(CallRecord call) {
        return new CallEvent.Created(call, call.createdAt());
    }
}
