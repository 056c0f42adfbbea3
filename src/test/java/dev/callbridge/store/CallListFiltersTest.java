package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore.CallPage;
import dev.callbridge.call.CallStore.CallQuery;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /api/calls} filters by provider, agent, createdAt range and number (in from or to),
 * alongside status; all at once when several are given, and a cursor continues the filtered list.
 * Each test opens its own database: a filter's answer is checked against every row there is.
 */
class CallListFiltersTest {
    private static final Instant DAY_1 = Instant.parse("2026-11-21T00:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-22T00:00:00Z");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachFilterNarrowsTheListToTheCallsThatMatch(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            db.store().write(List.of(
                    created(call("c_1", Provider.TWILIO, "echo", "+15551230000", "+15559870000", CallStatus.COMPLETED, DAY_1.plusSeconds(10))),
                    created(call("c_2", Provider.ASTERISK, "pipeline", "+442071234567", "1001", CallStatus.FAILED, DAY_1.plusSeconds(20))),
                    created(call("c_3", Provider.TWILIO, "realtime", "+15550004444", "+15559870000", CallStatus.BUSY, DAY_2)),
                    // The last microsecond of day 1 is still day 1; day 2's first is not.
                    created(call("c_4", Provider.ASTERISK, "echo", null, "sip:alice@example.com", CallStatus.COMPLETED,
                            DAY_2.minusNanos(1_000)))));

            assertThat(ids(db, filter().provider(Provider.ASTERISK))).containsExactly("c_4", "c_2");
            assertThat(ids(db, filter().agent("echo"))).containsExactly("c_4", "c_1");
            assertThat(ids(db, filter().status(CallStatus.COMPLETED))).containsExactly("c_4", "c_1");
            assertThat(ids(db, filter().since(DAY_2))).containsExactly("c_3");
            assertThat(ids(db, filter().until(DAY_2))).containsExactly("c_4", "c_2", "c_1");
            assertThat(ids(db, filter().since(DAY_1.plusSeconds(20)).until(DAY_2))).containsExactly("c_4", "c_2");
            assertThat(ids(db, filter().number("9870000"))).containsExactly("c_3", "c_1");   // in to
            assertThat(ids(db, filter().number("+4420"))).containsExactly("c_2");            // in from
            assertThat(ids(db, filter().number("1001"))).containsExactly("c_2");             // an extension
            assertThat(ids(db, filter().number("777"))).isEmpty();
            assertThat(ids(db, filter().provider(Provider.TWILIO).status(CallStatus.BUSY))).containsExactly("c_3");
            assertThat(ids(db, filter().provider(Provider.TWILIO).agent("pipeline"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCursorFromAFilteredPageContinuesTheFilteredList(Backend backend) {
        try (Backend.TestDatabase db = backend.open()) {
            List<CallEvent> events = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                boolean twilio = i % 2 == 0;
                String from = i % 3 == 0 ? "+15550003333" : "+15551230000";
                events.add(created(call("c_" + String.format("%02d", i), twilio ? Provider.TWILIO : Provider.ASTERISK, "echo",
                        from, "+15559870000", CallStatus.COMPLETED, DAY_1.plusSeconds(i))));
                if (twilio && i % 3 != 0 && i >= 2) expected.addFirst("c_" + String.format("%02d", i));
            }
            db.store().write(events);

            Filter twilioFrom123After1 = filter().provider(Provider.TWILIO).number("1230000").since(DAY_1.plusSeconds(2));
            List<String> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String cursor = null;
            do {
                CallPage page = db.store().list(twilioFrom123After1.page(2, cursor));
                page.calls().forEach(c -> seen.add(c.id()));
                sizes.add(page.calls().size());
                cursor = page.next();
            } while (cursor != null);

            assertThat(expected).containsExactly("c_10", "c_08", "c_04", "c_02");
            assertThat(seen).isEqualTo(expected);
            assertThat(sizes).containsExactly(2, 2);
        }
    }

    private static List<String> ids(Backend.TestDatabase db, Filter filter) {
        return db.store().list(filter.page(500, null)).calls().stream().map(CallRecord::id).toList();
    }

    static Filter filter() {
        return new Filter(null, null, null, null, null, null, null);
    }

    /** A {@link CallQuery} built a filter at a time. */
    record Filter(CallStatus status, Provider provider, String agent, Instant since, Instant until, String number, String words) {
        Filter status(CallStatus s) { return new Filter(s, provider, agent, since, until, number, words); }
        Filter provider(Provider p) { return new Filter(status, p, agent, since, until, number, words); }
        Filter agent(String a) { return new Filter(status, provider, a, since, until, number, words); }
        Filter since(Instant t) { return new Filter(status, provider, agent, t, until, number, words); }
        Filter until(Instant t) { return new Filter(status, provider, agent, since, t, number, words); }
        Filter number(String n) { return new Filter(status, provider, agent, since, until, n, words); }
        Filter words(String w) { return new Filter(status, provider, agent, since, until, number, w); }

        CallQuery page(int limit, String cursor) {
            return new CallQuery(status, provider, agent, since, until, number, words, limit, cursor);
        }
    }

    static CallRecord call(String id, Provider provider, String agent, String from, String to, CallStatus status, Instant createdAt) {
        CallRecord queued = new CallRecord(id, provider, "P" + id, Direction.INBOUND, from, to, CallStatus.QUEUED, agent, "en",
                createdAt, null, null, null, null, Map.of());
        return status == CallStatus.QUEUED ? queued : queued.withStatus(status);
    }

    static CallEvent created(CallRecord call) {
        return new CallEvent.Created(call, call.createdAt());
    }
}
