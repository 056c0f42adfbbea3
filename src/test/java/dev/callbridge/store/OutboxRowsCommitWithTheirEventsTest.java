package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import dev.callbridge.config.Secret;
import dev.callbridge.webhook.Delivery;
import dev.callbridge.webhook.DeliveryRows;
import dev.callbridge.webhook.WebhookOutbox;
import dev.callbridge.webhook.WebhookSettings;
import dev.callbridge.webhook.WebhookSubscription;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox's rows are written by the store writer in the same transaction as their events: one
 * per (event, subscription that wants it), with a stable event id, never twice for a batch written
 * again, never for a batch rolled back; {@code call.ended} carries the transcript, entries of its
 * own batch included; and only the head of each (call, subscription) line is due.
 */
class OutboxRowsCommitWithTheirEventsTest extends AgainstBothBackends {
    private static final WebhookSubscription ALL = new WebhookSubscription(URI.create("http://127.0.0.1:9/all"),
            Set.copyOf(WebhookSubscription.KNOWN_EVENTS), Secret.ofNullable("a"), Map.of(), Duration.ofSeconds(1));
    private static final WebhookSubscription ENDED = new WebhookSubscription(URI.create("http://127.0.0.1:9/ended"),
            Set.of("call.ended"), Secret.ofNullable("b"), Map.of(), Duration.ofSeconds(1));
    private static final WebhookSettings SETTINGS = new WebhookSettings(List.of(ALL, ENDED), Duration.ofHours(1));

    private static JdbcCallStore outboxStore(Backend.TestDatabase db) {
        // Shares the test database's pool, which the test database closes.
        return new JdbcCallStore(db.dataSource(), new WebhookOutbox(SETTINGS, Clock.systemUTC()));
    }

    private static List<CallEvent> wholeCall(String id) {
        CallRecord queued = Calls.queued(id, Calls.T0);
        CallRecord answered = queued.answered(Calls.T0.plusSeconds(1));
        CallRecord ended = answered.ended(CallStatus.COMPLETED, Calls.T0.plusSeconds(20), EndReason.CALLER_HANGUP);
        return List.of(new CallEvent.Created(queued, Calls.T0),
                new CallEvent.StatusChanged(answered, Calls.T0.plusSeconds(1)),
                Calls.said(id, 1, Calls.T0.plusSeconds(2)),
                new CallEvent.Dtmf(id, "5", Calls.T0.plusSeconds(3)),
                Calls.said(id, 2, Calls.T0.plusSeconds(4)),
                new CallEvent.Ended(ended, ended.endedAt()));
    }

    private static List<Delivery> rowsOf(Backend.TestDatabase db, String callId) {
        return new DeliveryRows(db.dataSource()).list(null, callId, 100).reversed();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachEventGetsARowPerSubscriptionThatWantsIt(Backend backend) throws Exception {
        Backend.TestDatabase db = backends.get(backend);
        String id = "c_" + UUID.randomUUID();
        List<CallEvent> batch = wholeCall(id);
        outboxStore(db).write(batch);

        List<Delivery> rows = rowsOf(db, id);
        List<Delivery> all = rows.stream().filter(r -> r.subscription().equals(ALL.key())).toList();
        List<Delivery> ended = rows.stream().filter(r -> r.subscription().equals(ENDED.key())).toList();
        assertThat(all).extracting(Delivery::type).containsExactly("call.created", "call.status", "transcript", "dtmf", "transcript", "call.ended");
        assertThat(ended).extracting(Delivery::type).containsExactly("call.ended");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(r.attempts()).isZero();
            assertThat(r.eventId()).matches("evt_[0-9a-f]{32}");
        });
        assertThat(ended.getFirst().eventId()).isEqualTo(all.getLast().eventId());
        assertThat(all).extracting(Delivery::eventId).doesNotHaveDuplicates();

        JsonNode payload = CallJson.mapper().readTree(ended.getFirst().body());
        assertThat(payload.path("id").asText()).isEqualTo(ended.getFirst().eventId());
        assertThat(payload.path("type").asText()).isEqualTo("call.ended");
        assertThat(payload.path("callId").asText()).isEqualTo(id);
        assertThat(Instant.parse(payload.path("at").asText())).isEqualTo(Calls.T0.plusSeconds(20));
        assertThat(payload.path("data").path("call").path("status").asText()).isEqualTo("completed");
        // Both entries were written in this very batch, before the end.
        assertThat(payload.path("data").path("transcript")).extracting(e -> e.path("text").asText()).containsExactly("line 1", "line 2");
        JsonNode dtmf = CallJson.mapper().readTree(all.get(3).body());
        assertThat(dtmf.path("data").path("digit").asText()).isEqualTo("5");
        assertThat(Instant.parse(dtmf.path("at").asText())).isEqualTo(Calls.T0.plusSeconds(3));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writingTheBatchAgainAddsNoRowAndKeepsTheIds(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String id = "c_" + UUID.randomUUID();
        List<CallEvent> batch = wholeCall(id);
        JdbcCallStore store = outboxStore(db);
        store.write(batch);
        List<String> first = rowsOf(db, id).stream().map(Delivery::eventId).toList();
        store.write(batch);
        assertThat(rowsOf(db, id)).extracting(Delivery::eventId).isEqualTo(first).hasSize(7);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBatchRolledBackLeavesNoRow(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String good = "c_" + UUID.randomUUID();
        String tooLong = "c_" + "x".repeat(300); // calls.id is VARCHAR(255)
        List<CallEvent> batch = List.of(new CallEvent.Created(Calls.queued(good, Calls.T0), Calls.T0),
                Calls.said(good, 1, Calls.T0), new CallEvent.Created(Calls.queued(tooLong, Calls.T0), Calls.T0));
        assertThatThrownBy(() -> outboxStore(db).write(batch)).isInstanceOf(StoreException.class);
        assertThat(rowsOf(db, good)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void onlyTheHeadOfEachCallAndSubscriptionLineIsDue(Backend backend) {
        Backend.TestDatabase db = backends.get(backend);
        String a = "c_" + UUID.randomUUID();
        String b = "c_" + UUID.randomUUID();
        JdbcCallStore store = outboxStore(db);
        store.write(wholeCall(a));
        store.write(wholeCall(b));
        List<Delivery> due = new DeliveryRows(db.dataSource()).due(Instant.now().plusSeconds(1), 100).stream()
                .filter(d -> d.callId().equals(a) || d.callId().equals(b)).toList();
        // Per call: the first row for "all" and the only row for "ended" (which no earlier row of its line holds back).
        assertThat(due).extracting(d -> d.callId() + " " + d.subscription() + " " + d.type()).containsExactlyInAnyOrder(
                a + " " + ALL.key() + " call.created", a + " " + ENDED.key() + " call.ended",
                b + " " + ALL.key() + " call.created", b + " " + ENDED.key() + " call.ended");
    }
}
