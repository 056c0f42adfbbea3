package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.callbridge.config.Secret;
import dev.callbridge.store.Databases;
import dev.callbridge.whatsapp.WebhookCodec;
import dev.callbridge.whatsapp.WhatsAppStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each WhatsApp change that is published writes one delivery row for the subscription that asked
 * for {@code whatsapp.message} (none for one that did not); a write that changes nothing writes
 * none: a wamid Meta delivers again, a status delivered twice, a status that would move a reply
 * back, a status for no message of ours, a transcript the message already has.
 */
class WhatsAppChangesThatChangeNothingWriteNoDeliveryTest {
    private static final String NUMBER = "+4915112345678";

    @TempDir
    Path dir;

    @Test
    void onlyChangesThatMoveAMessageOnWriteARow() {
        WebhookSettings settings = new WebhookSettings(List.of(
                subscription("http://127.0.0.1:9/wa", "whatsapp.message"),
                subscription("http://127.0.0.1:9/calls", "call.created", "call.ended")), Duration.ofHours(1));
        try (HikariDataSource db = Databases.embedded(dir)) {
            WhatsAppStore store = new WhatsAppStore(db, new WebhookOutbox(settings, Clock.systemUTC()));
            DeliveryRows rows = new DeliveryRows(db);

            assertThat(store.insertInbound("wamid.W1", NUMBER, "text", "Is Friday free?", Instant.now())).isPresent();
            assertThat(rows(rows)).hasSize(1);
            assertThat(store.insertInbound("wamid.W1", NUMBER, "text", "Is Friday free?", Instant.now())).isEmpty();
            assertThat(rows(rows)).hasSize(1);

            store.insertReply("wamid.OUT1", NUMBER, "It is.", "wamid.W1", null, null);
            assertThat(store.recordStatus(status("wamid.OUT1", "delivered"))).isPresent();
            assertThat(rows(rows)).hasSize(3);
            assertThat(store.recordStatus(status("wamid.OUT1", "delivered"))).isEmpty();
            assertThat(store.recordStatus(status("wamid.OUT1", "sent"))).isEmpty();
            assertThat(store.recordStatus(status("wamid.NOT_OURS", "read"))).isEmpty();
            assertThat(rows(rows)).hasSize(3);

            // A status that overtook the send's answer is part of the reply's one row.
            assertThat(store.recordStatus(status("wamid.OUT2", "read"))).isEmpty();
            assertThat(store.insertReply("wamid.OUT2", NUMBER, "Anything else?", "wamid.W1", null, null).status()).isEqualTo("read");
            assertThat(rows(rows)).hasSize(4);
            assertThat(rows(rows).getLast().body()).contains("\"status\":\"read\"");

            store.insertInbound("wamid.V1", NUMBER, "voice", null, "media-1", "audio/ogg", Instant.now());
            assertThat(store.addTranscript("wamid.V1", "Two nights, please")).isPresent();
            assertThat(rows(rows)).hasSize(6);
            assertThat(store.addTranscript("wamid.V1", "Two nights, please")).isEmpty();
            assertThat(store.addTranscript("wamid.NOT_OURS", "Two nights, please")).isEmpty();
            assertThat(rows(rows)).hasSize(6);

            assertThat(rows(rows)).allSatisfy(d -> {
                assertThat(d.subscription()).isEqualTo("http://127.0.0.1:9/wa");
                assertThat(d.type()).isEqualTo("whatsapp.message");
                assertThat(d.line()).isEqualTo("whatsapp:" + NUMBER);
                assertThat(d.callId()).isNull();
                assertThat(d.status()).isEqualTo(Delivery.Status.PENDING);
            }).extracting(Delivery::eventId).doesNotHaveDuplicates();
        }
    }

    private static List<Delivery> rows(DeliveryRows rows) {
        return rows.list(null, null, DeliveryRows.MAX_PAGE).reversed();
    }

    private static WebhookCodec.Status status(String wamid, String status) {
        return new WebhookCodec.Status(wamid, status, Instant.now(), NUMBER.substring(1), null, null);
    }

    private static WebhookSubscription subscription(String url, String... events) {
        return new WebhookSubscription(URI.create(url), Set.of(events), Secret.ofNullable("whsec_test"), Map.of(),
                WebhookSubscription.DEFAULT_TIMEOUT);
    }
}
