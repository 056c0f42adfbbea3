package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.callbridge.store.Databases;
import dev.callbridge.store.StoreException;
import dev.callbridge.whatsapp.MessageOutbox;
import dev.callbridge.whatsapp.WebhookCodec;
import dev.callbridge.whatsapp.WhatsAppStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WhatsApp change and its {@code whatsapp.message} delivery rows are one transaction: when the
 * outbox cannot write (it fails, or the table refuses rows) the message change is rolled back too,
 * rows already written in it included, so Meta's retry of the same webhook is applied afresh;
 * and a change that is stored always has its row.
 */
class WhatsAppMessageAndItsDeliveryRowsCommitTogetherTest {
    private static final String NUMBER = "+16505551234";

    @TempDir
    Path dir;

    HikariDataSource db;
    WebhookOutbox outbox;
    DeliveryRows rows;

    @BeforeEach
    void open() {
        db = Databases.embedded(dir);
        outbox = new WebhookOutbox(OutboxRig.subscribe("http://127.0.0.1:9/hook", Duration.ofSeconds(5), Duration.ofHours(1)), Clock.systemUTC());
        rows = new DeliveryRows(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anOutboxThatFailsAfterWritingItsRowLeavesNeitherMessageNorRow() {
        MessageOutbox failing = (tx, message) -> {
            outbox.append(tx, message);
            throw new SQLException("the outbox fails after its insert");
        };
        WhatsAppStore broken = new WhatsAppStore(db, failing);
        WhatsAppStore working = new WhatsAppStore(db, outbox);

        assertThatThrownBy(() -> broken.insertInbound("wamid.W1", NUMBER, "text", "Is Friday free?", Instant.now()))
                .isInstanceOf(StoreException.class).hasMessageContaining("the outbox fails");
        assertThatThrownBy(() -> broken.insertReply("wamid.OUT0", NUMBER, "Hello", null, null, null)).isInstanceOf(StoreException.class);
        assertThat(working.conversation(NUMBER, 10)).isEmpty();
        assertThat(rows()).isZero();

        // Meta delivers the message again: now it is stored, with its one row.
        assertThat(working.insertInbound("wamid.W1", NUMBER, "text", "Is Friday free?", Instant.now())).isPresent();
        working.insertReply("wamid.OUT1", NUMBER, "It is.", "wamid.W1", null, null);
        assertThat(rows()).isEqualTo(2);

        assertThatThrownBy(() -> broken.recordStatus(status("wamid.OUT1", "read"))).isInstanceOf(StoreException.class);
        assertThat(working.find("wamid.OUT1").orElseThrow().status()).isEqualTo("accepted");
        assertThat(rows()).isEqualTo(2);
        // The status itself was not kept either, so its retry is not taken for a duplicate.
        assertThat(working.recordStatus(status("wamid.OUT1", "read"))).hasValueSatisfying(m -> assertThat(m.status()).isEqualTo("read"));
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aDeliveriesTableThatRefusesRowsRefusesTheMessage() throws Exception {
        WhatsAppStore store = new WhatsAppStore(db, outbox);
        sql("ALTER TABLE webhook_deliveries ADD CONSTRAINT refuse_all CHECK (id < 0)");

        assertThatThrownBy(() -> store.insertInbound("wamid.W1", NUMBER, "text", "Is Friday free?", Instant.now()))
                .isInstanceOf(StoreException.class);
        assertThat(store.find("wamid.W1")).isEmpty();

        sql("ALTER TABLE webhook_deliveries DROP CONSTRAINT refuse_all");
        assertThat(store.insertInbound("wamid.W1", NUMBER, "text", "Is Friday free?", Instant.now())).isPresent();
        assertThat(rows()).isEqualTo(1);
        assertThat(rows.list(null, null, 10).getFirst().body()).contains("\"id\":\"wamid.W1\"");
    }

    private long rows() {
        return rows.list(null, null, DeliveryRows.MAX_PAGE).size();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static WebhookCodec.Status status(String wamid, String status) {
        return new WebhookCodec.Status(wamid, status, Instant.now(), NUMBER.substring(1), null, null);
    }
}
