package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.FollowUp;
import dev.callbridge.call.Provider;
import dev.callbridge.config.Config;
import dev.callbridge.followup.CallSummaryOutbox;
import dev.callbridge.followup.MobileNumbers;
import dev.callbridge.webhook.Delivery;
import dev.callbridge.webhook.DeliveryRows;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whether a call gets a WhatsApp summary is decided in the transaction that stores its end: a
 * completed call with a mobile number on the caller's side and something said gets an outbox row
 * and {@code followUp: pending}; a fixed line, or a call where nothing was said, is {@code skipped}
 * with the reason; a call that did not complete gets neither. Writing a batch again changes
 * nothing, and later {@code call.followup} events are what the record shows.
 */
class CallSummaryIsDecidedWithTheCallsEndTest extends AgainstBothBackends {
    private static final Config.CallSummary SETTINGS = new Config.CallSummary("call_summary", "en");
    private static final String MOBILE = "+4915112345678";
    private static final String LANDLINE = "+493012345678";

    private static JdbcCallStore store(Backend.TestDatabase db) {
        return new JdbcCallStore(db.dataSource(), new CallSummaryOutbox(SETTINGS, new MobileNumbers(), Duration.ofHours(24), Clock.systemUTC()));
    }

    private static List<CallEvent> call(String id, Direction direction, String from, String to, CallStatus end, boolean speech) {
        CallRecord queued = new CallRecord(id, Provider.TWILIO, "CA" + id, direction, from, to, CallStatus.QUEUED, "echo", "de",
                Calls.T0, null, null, null, null, Map.of());
        List<CallEvent> events = new ArrayList<>(List.of(new CallEvent.Created(queued, Calls.T0)));
        CallRecord last = queued;
        if (end == CallStatus.COMPLETED) {
            last = queued.answered(Calls.T0.plusSeconds(1));
            events.add(new CallEvent.StatusChanged(last, Calls.T0.plusSeconds(1)));
            if (speech) {
                events.add(Calls.said(id, 1, Calls.T0.plusSeconds(2)));
                events.add(Calls.said(id, 2, Calls.T0.plusSeconds(3)));
            }
            events.add(new CallEvent.Dtmf(id, "5", Calls.T0.plusSeconds(4)));
        }
        CallRecord ended = last.ended(end, Calls.T0.plusSeconds(20), EndReason.CALLER_HANGUP);
        events.add(new CallEvent.Ended(ended, ended.endedAt()));
        return events;
    }

    private static List<Delivery> rows(Backend.TestDatabase db, String callId) {
        return new DeliveryRows(db.dataSource()).list(null, callId, 100);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCompletedCallFromAMobileGetsARowAndIsPending(Backend backend) throws Exception {
        Backend.TestDatabase db = backends.get(backend);
        JdbcCallStore store = store(db);
        String id = "c_" + UUID.randomUUID();
        List<CallEvent> batch = call(id, Direction.INBOUND, MOBILE, "+15559870000", CallStatus.COMPLETED, true);
        store.write(batch);
        store.write(batch); // a batch written again (after a failed commit answer) adds nothing

        FollowUp f = store.find(id).orElseThrow().followUp();
        assertThat(f.status()).isEqualTo(FollowUp.PENDING);
        assertThat(f.to()).isEqualTo(MOBILE);
        assertThat(f.channel()).isEqualTo("whatsapp");
        assertThat(f.template()).isEqualTo("call_summary");
        assertThat(f.attempts()).isZero();
        assertThat(f.error()).isNull();
        List<Delivery> rows = rows(db, id);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.subscription()).isEqualTo(CallSummaryOutbox.RECEIVER);
            assertThat(r.type()).isEqualTo("call.summary");
            assertThat(r.status()).isEqualTo(Delivery.Status.PENDING);
        });
        JsonNode body = CallJson.mapper().readTree(rows.get(0).body());
        assertThat(body.path("to").asText()).isEqualTo(MOBILE);
        assertThat(body.path("language").asText()).isEqualTo("de");
        // Only what was said: the DTMF is not in it.
        assertThat(body.path("transcript")).extracting(e -> e.path("text").asText()).containsExactly("line 1", "line 2");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallWePlacedFollowsUpTheNumberWeCalled(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String id = "c_" + UUID.randomUUID();
        store(db).write(call(id, Direction.OUTBOUND, LANDLINE, MOBILE, CallStatus.COMPLETED, true));
        assertThat(store(db).find(id).orElseThrow().followUp().to()).isEqualTo(MOBILE);
        assertThat(rows(db, id)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFixedLineOrASilentCallIsSkippedWithTheReason(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String landline = "c_" + UUID.randomUUID();
        String silent = "c_" + UUID.randomUUID();
        store(db).write(call(landline, Direction.INBOUND, LANDLINE, "+15559870000", CallStatus.COMPLETED, true));
        store(db).write(call(silent, Direction.INBOUND, MOBILE, "+15559870000", CallStatus.COMPLETED, false));

        FollowUp l = store(db).find(landline).orElseThrow().followUp();
        assertThat(l.status()).isEqualTo(FollowUp.SKIPPED);
        assertThat(l.error().message()).contains(LANDLINE).contains("fixed line");
        FollowUp s = store(db).find(silent).orElseThrow().followUp();
        assertThat(s.status()).isEqualTo(FollowUp.SKIPPED);
        assertThat(s.error().message()).isEqualTo("nothing was said on the call");
        assertThat(rows(db, landline)).isEmpty();
        assertThat(rows(db, silent)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCallThatDidNotCompleteGetsNothing(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        for (CallStatus end : List.of(CallStatus.FAILED, CallStatus.BUSY, CallStatus.NO_ANSWER, CallStatus.CANCELED)) {
            String id = "c_" + UUID.randomUUID();
            store(db).write(call(id, Direction.INBOUND, MOBILE, "+15559870000", end, false));
            assertThat(store(db).find(id).orElseThrow().followUp()).as(end.wireName()).isNull();
            assertThat(rows(db, id)).as(end.wireName()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void laterFollowUpEventsAreWhatTheRecordShows(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        JdbcCallStore store = store(db);
        String id = "c_" + UUID.randomUUID();
        List<CallEvent> ending = call(id, Direction.INBOUND, MOBILE, "+15559870000", CallStatus.COMPLETED, true);
        store.write(ending);
        FollowUp sent = new FollowUp(FollowUp.SENT, "whatsapp", MOBILE, "call_summary", "You booked a room.", "wamid.X1", null, 2,
                Calls.T0.plusSeconds(30));
        store.write(List.of(new CallEvent.FollowUpChanged(id, sent, Calls.T0.plusSeconds(30))));
        store.write(ending); // the end written again must not put it back to pending
        assertThat(store.find(id).orElseThrow().followUp()).isEqualTo(sent);
        assertThat(rows(db, id)).hasSize(1);
    }
}
