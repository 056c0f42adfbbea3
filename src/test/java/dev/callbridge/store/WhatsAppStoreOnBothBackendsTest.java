package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallJson;
import dev.callbridge.config.Secret;
import dev.callbridge.webhook.DeliveryRows;
import dev.callbridge.webhook.WebhookOutbox;
import dev.callbridge.webhook.WebhookSettings;
import dev.callbridge.webhook.WebhookSubscription;
import dev.callbridge.whatsapp.WebhookCodec;
import dev.callbridge.whatsapp.WhatsAppMessage;
import dev.callbridge.whatsapp.WhatsAppStore;
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
 * Migration V7 on H2 and PostgreSQL: a wamid is stored once, several refused replies (no wamid)
 * coexist, statuses only move a reply forward, a status that overtook the send's answer is applied
 * when the reply is stored, and conversations list by their last message. Each change that moves
 * a message on writes its webhook row in the same transaction, a duplicate rolled back without one.
 */
class WhatsAppStoreOnBothBackendsTest extends AgainstBothBackends {
    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWamidIsStoredOnceAndRefusedRepliesCoexist(Backend backend) {
        WhatsAppStore store = new WhatsAppStore(backends.get(backend).dataSource());
        String wamid = "wamid." + unique();
        String number = "+4915" + (100000000 + (int) (Math.random() * 99999999));
        assertThat(store.insertInbound(wamid, number, "text", "hi é 🙂", Instant.parse("2026-12-06T08:00:00.123456789Z"))).isPresent();
        assertThat(store.insertInbound(wamid, number, "text", "hi é 🙂", Instant.now())).isEmpty();
        store.insertReply(null, number, "a", wamid, 131047, "(#131047) Re-engagement message");
        store.insertReply(null, number, "b", wamid, 190, "bad token");

        var messages = store.conversation(number, 10);
        assertThat(messages).extracting(WhatsAppMessage::text).containsExactly("hi é 🙂", "a", "b");
        assertThat(messages.get(0).at()).isEqualTo(Instant.parse("2026-12-06T08:00:00.123456Z"));
        assertThat(messages.get(1).status()).isEqualTo("failed");
        assertThat(messages.get(1).errorCode()).isEqualTo(131047);
        assertThat(messages.get(2).wamid()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void statusesMoveForwardOnlyAndEarlyOnesAreAppliedLater(Backend backend) {
        var dataSource = backends.get(backend).dataSource();
        WebhookSettings settings = new WebhookSettings(List.of(new WebhookSubscription(URI.create("http://127.0.0.1:9/wa"),
                Set.of("whatsapp.message"), Secret.ofNullable("whsec_test"), Map.of(), WebhookSubscription.DEFAULT_TIMEOUT)), Duration.ofHours(1));
        WhatsAppStore store = new WhatsAppStore(dataSource, new WebhookOutbox(settings, Clock.systemUTC()));
        String number = "+1650" + (1000000 + (int) (Math.random() * 8999999));
        String in = "wamid.in" + unique();
        String out = "wamid.out" + unique();
        store.insertInbound(in, number, "text", "q", Instant.now());
        // The delivered status came before the send's answer told us the wamid.
        assertThat(store.recordStatus(new WebhookCodec.Status(out, "delivered", Instant.now(), number, null, null))).isEmpty();
        assertThat(store.insertReply(out, number, "r", in, null, null).status()).isEqualTo("delivered");
        assertThat(store.recordStatus(new WebhookCodec.Status(out, "sent", Instant.now(), number, null, null))).isEmpty();
        assertThat(store.recordStatus(new WebhookCodec.Status(out, "read", Instant.now(), number, null, null)))
                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo("read"));
        assertThat(store.recordStatus(new WebhookCodec.Status(out, "read", Instant.now(), number, null, null))).isEmpty();
        assertThat(store.recordStatus(new WebhookCodec.Status(out, "failed", Instant.now(), number, 131026, "Message undeliverable")))
                .hasValueSatisfying(m -> {
                    assertThat(m.status()).isEqualTo("failed");
                    assertThat(m.errorCode()).isEqualTo(131026);
                });
        assertThat(store.find(out).orElseThrow().errorMessage()).isEqualTo("Message undeliverable");
        // The inbound message, the reply (already delivered), read, failed.
        assertThat(new DeliveryRows(dataSource).list(null, "whatsapp:" + number, 10).reversed())
                .extracting(d -> CallJson.mapper().readTree(d.body()).path("data").path("status").asText())
                .containsExactly("received", "delivered", "read", "failed");

        var list = store.conversations(500);
        assertThat(list).anySatisfy(m -> {
            assertThat(m.number()).isEqualTo(number);
            assertThat(m.wamid()).isEqualTo(out);
        });
    }
}
