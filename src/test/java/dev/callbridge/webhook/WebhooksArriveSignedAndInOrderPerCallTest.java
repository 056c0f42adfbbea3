package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stored event reaches the receiver once, signed (checked by an implementation of the
 * receiver's own), with its headers; a call's events arrive in the order they happened even when
 * the receiver answers each after a different delay; and a slow call holds up only itself.
 */
class WebhooksArriveSignedAndInOrderPerCallTest {
    @TempDir
    Path dir;

    @Test
    void eventsArriveOncePerCallInOrderSignedAndLabelled() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            SplittableRandom random = new SplittableRandom(7);
            receiver.answer(r -> WebhookReceiver.Reply.after(random.nextInt(80), random.nextBoolean() ? 200 : 204));
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(5), Duration.ofHours(1)))) {
                List<CallEvent> a = OutboxRig.wholeCall("c_a", 5);
                List<CallEvent> b = OutboxRig.wholeCall("c_b", 5);
                // Interleaved, in three batches, as calls running side by side are written.
                List<CallEvent> mixed = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    mixed.add(a.get(i));
                    mixed.add(b.get(i));
                }
                rig.write(mixed.subList(0, 5));
                rig.write(mixed.subList(5, 9));
                rig.write(mixed.subList(9, mixed.size()));

                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 16);
                for (String call : List.of("c_a", "c_b")) {
                    assertThat(receiver.accepted().stream().filter(r -> r.callId().equals(call)).map(r -> r.json().path("type").asText()))
                            .containsExactly("call.created", "call.status", "transcript", "transcript", "transcript", "transcript",
                                    "transcript", "call.ended");
                    assertThat(receiver.accepted().stream().filter(r -> r.callId().equals(call) && r.json().path("type").asText().equals("transcript"))
                            .map(r -> r.json().path("data").path("text").asText()))
                            .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
                    List<Delivery> rows = rig.rowsOf(call);
                    assertThat(rows).hasSize(8).allSatisfy(d -> {
                        assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
                        assertThat(d.attempts()).isEqualTo(1);
                    });
                }
                assertThat(receiver.requests()).hasSize(16);
                long now = Instant.now().getEpochSecond();
                for (WebhookReceiver.Received r : receiver.requests()) {
                    assertThat(IndependentSignatureCheck.valid(r.header("X-Callbridge-Signature"), r.body(), OutboxRig.SECRET, now))
                            .as("signature of %s", r.body()).isTrue();
                    assertThat(r.header("Content-Type")).isEqualTo("application/json");
                    assertThat(r.header("User-Agent")).startsWith("callbridge/");
                    assertThat(r.header("X-Callbridge-Event")).isEqualTo(r.json().path("type").asText());
                    assertThat(r.header("X-Tenant")).isEqualTo("acme");
                    Delivery row = rig.rows.find(Long.parseLong(r.header("X-Callbridge-Delivery"))).orElseThrow();
                    assertThat(row.eventId()).isEqualTo(r.eventId());
                    assertThat(r.json().fieldNames()).toIterable().containsExactly("id", "type", "callId", "at", "data");
                }
                // The check can fail: another secret, a changed body, an old timestamp.
                WebhookReceiver.Received first = receiver.requests().getFirst();
                String signature = first.header("X-Callbridge-Signature");
                assertThat(IndependentSignatureCheck.valid(signature, first.body(), "another secret", now)).isFalse();
                assertThat(IndependentSignatureCheck.valid(signature, first.body().replace("c_", "c-"), OutboxRig.SECRET, now)).isFalse();
                assertThat(IndependentSignatureCheck.valid(signature, first.body(), OutboxRig.SECRET, now + 600)).isFalse();

                WebhookReceiver.Received ended = receiver.accepted().stream()
                        .filter(r -> r.callId().equals("c_a") && r.json().path("type").asText().equals("call.ended")).findFirst().orElseThrow();
                assertThat(ended.json().path("data").path("transcript")).hasSize(5);
                assertThat(ended.json().path("data").path("call").path("id").asText()).isEqualTo("c_a");
                assertThat(ended.json().path("at").asText()).isEqualTo("2026-12-01T10:00:07Z");
            }
        }
    }

    @Test
    void aSlowCallHoldsUpOnlyItself() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> r.callId().equals("c_slow") ? WebhookReceiver.Reply.after(1500, 200) : WebhookReceiver.Reply.status(200));
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(5), Duration.ofHours(1)))) {
                rig.write(OutboxRig.wholeCall("c_slow", 3));
                rig.write(OutboxRig.wholeCall("c_fast", 3));
                await().atMost(Duration.ofSeconds(5)).until(() -> receiver.accepted().stream().filter(r -> r.callId().equals("c_fast")).count() == 6);
                // The slow call's first answer is not out yet, and its second event has not been sent: its line waits, in order.
                assertThat(receiver.requests().stream().filter(r -> r.callId().equals("c_slow")).map(r -> r.json().path("type").asText()))
                        .containsExactly("call.created");
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 12);
                assertThat(receiver.accepted().stream().filter(r -> r.callId().equals("c_slow")).map(r -> r.json().path("type").asText()))
                        .containsExactly("call.created", "call.status", "transcript", "transcript", "transcript", "call.ended");
            }
        }
    }
}
