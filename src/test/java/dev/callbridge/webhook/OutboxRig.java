package dev.callbridge.webhook;

import com.zaxxer.hikari.HikariDataSource;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.config.Secret;
import dev.callbridge.store.Databases;
import dev.callbridge.store.JdbcCallStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The outbox as the gateway builds it, on an embedded database in a test folder, with fast pacing
 * (first retry within 100 ms, capped at 400 ms) so retries and dead rows take a second, not a day.
 * Events are written through the store, as the store writer writes them.
 */
final class OutboxRig implements AutoCloseable {
    static final String SECRET = "whsec_test_0123456789";
    static final DeliveryPacing FAST = new DeliveryPacing(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(50), 4);

    final HikariDataSource dataSource;
    final JdbcCallStore store;
    final DeliveryRows rows;
    final DeliveryWorker worker;
    final WebhookSettings settings;
    final List<String> outcomes = new CopyOnWriteArrayList<>();

    OutboxRig(Path dataDir, WebhookSettings settings) {
        this.settings = settings;
        dataSource = Databases.embedded(dataDir);
        store = new JdbcCallStore(dataSource, new WebhookOutbox(settings, Clock.systemUTC()));
        rows = new DeliveryRows(dataSource);
        worker = new DeliveryWorker(rows, new DeliveryTargets(settings, new WebhookSender(Clock.systemUTC()), java.util.Map.of()),
                outcomes::add, Clock.systemUTC(), FAST).start();
    }

    static WebhookSettings subscribe(String url, Duration timeout, Duration retryFor) {
        return new WebhookSettings(List.of(new WebhookSubscription(URI.create(url), Set.copyOf(WebhookSubscription.KNOWN_EVENTS),
                Secret.ofNullable(SECRET), Map.of("X-Tenant", "acme"), timeout)), retryFor);
    }

    void write(List<CallEvent> events) {
        store.write(events);
        worker.wake();
    }

    List<Delivery> rowsOf(String callId) {
        return rows.list(null, callId, 500).reversed();
    }

    /** created, status, {@code lines} transcript entries, ended: {@code lines + 3} events. */
    static List<CallEvent> wholeCall(String id, int lines) {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        CallRecord queued = new CallRecord(id, Provider.TWILIO, "CA" + id, Direction.INBOUND, "+15551230000", "+15559870000",
                CallStatus.QUEUED, "echo", "en", t0, null, null, null, null, Map.of());
        CallRecord answered = queued.answered(t0.plusSeconds(1));
        List<CallEvent> events = new ArrayList<>(List.of(new CallEvent.Created(queued, t0), new CallEvent.StatusChanged(answered, t0.plusSeconds(1))));
        for (int seq = 1; seq <= lines; seq++) {
            Instant at = t0.plusSeconds(1 + seq);
            events.add(new CallEvent.Transcript(id, new TranscriptEntry(seq, Direction.INBOUND, TranscriptEntry.Speaker.CALLER,
                    TranscriptEntry.Kind.SPEECH, "line " + seq, "en", null, seq * 1000L, seq * 1000L + 500, at, false), at));
        }
        CallRecord ended = answered.ended(CallStatus.COMPLETED, t0.plusSeconds(2 + lines), EndReason.CALLER_HANGUP);
        events.add(new CallEvent.Ended(ended, ended.endedAt()));
        return events;
    }

    @Override
    public void close() {
        worker.close();
        store.close();
    }
}
