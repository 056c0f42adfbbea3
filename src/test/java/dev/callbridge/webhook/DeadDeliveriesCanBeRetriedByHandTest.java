package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4xx other than 408 and 429 is dead at once (a receiver refusing the signature will refuse it
 * again), and frees the line behind it; a receiver failing past the retry window leaves the row
 * dead; either is sent again by hand and then arrives. 408 and 429 are retried.
 */
class DeadDeliveriesCanBeRetriedByHandTest {
    @TempDir
    Path dir;

    @Test
    void a4xxIsDeadAtOnceAndTheLineGoesOn() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> r.json().path("type").asText().equals("call.created") ? WebhookReceiver.Reply.status(401) : WebhookReceiver.Reply.status(200));
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(2), Duration.ofHours(1)))) {
                rig.write(OutboxRig.wholeCall("c_1", 1));
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3);
                Delivery created = rig.rowsOf("c_1").getFirst();
                assertThat(created.status()).isEqualTo(Delivery.Status.DEAD);
                assertThat(created.attempts()).isEqualTo(1);
                assertThat(created.lastError()).startsWith("HTTP 401");
                assertThat(rig.outcomes).contains("dead").doesNotContain("failed");

                receiver.answer(r -> WebhookReceiver.Reply.status(200));
                assertThat(rig.rows.retry(created.id(), Instant.now(), rig.settings.retryFor())).isTrue();
                rig.worker.wake();
                await().atMost(Duration.ofSeconds(10)).until(() -> rig.rows.find(created.id()).orElseThrow().status() == Delivery.Status.DELIVERED);
                assertThat(receiver.accepted().getLast().eventId()).isEqualTo(created.eventId());
                assertThat(rig.rows.find(created.id()).orElseThrow().attempts()).isEqualTo(2);
                assertThat(rig.rows.retry(999_999, Instant.now(), rig.settings.retryFor())).isFalse();
            }
        }
    }

    @Test
    void tooManyRequestsAndRequestTimeoutAreRetried() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            var count = new java.util.concurrent.atomic.AtomicInteger();
            receiver.answer(r -> switch (count.getAndIncrement()) {
                case 0 -> WebhookReceiver.Reply.status(429);
                case 1 -> WebhookReceiver.Reply.status(408);
                default -> WebhookReceiver.Reply.status(200);
            });
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(2), Duration.ofHours(1)))) {
                rig.write(OutboxRig.wholeCall("c_1", 0).subList(0, 1));
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
                assertThat(rig.rowsOf("c_1").getFirst().attempts()).isEqualTo(3);
            }
        }
    }

    @Test
    void aReceiverFailingPastTheRetryWindowLeavesTheRowDeadUntilRetriedByHand() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> WebhookReceiver.Reply.status(503));
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(2), Duration.ofMillis(800)))) {
                rig.write(OutboxRig.wholeCall("c_1", 0).subList(0, 2));
                await().atMost(Duration.ofSeconds(10)).until(() -> rig.rowsOf("c_1").stream().allMatch(d -> d.status() == Delivery.Status.DEAD));
                Delivery head = rig.rowsOf("c_1").getFirst();
                assertThat(head.attempts()).isGreaterThan(1);
                assertThat(head.lastError()).startsWith("HTTP 503").contains("gave up after");
                assertThat(rig.outcomes).contains("failed", "dead").doesNotContain("delivered");
                await().atMost(Duration.ofSeconds(3)).until(() -> rig.worker.queueDepth() == 0);

                receiver.answer(r -> WebhookReceiver.Reply.status(200));
                rig.rows.retry(head.id(), Instant.now(), rig.settings.retryFor());
                rig.worker.wake();
                await().atMost(Duration.ofSeconds(10)).until(() -> rig.rows.find(head.id()).orElseThrow().status() == Delivery.Status.DELIVERED);
                assertThat(receiver.accepted()).extracting(WebhookReceiver.Received::eventId).containsExactly(head.eventId());
                assertThat(rig.outcomes).contains("delivered");
            }
        }
    }
}
