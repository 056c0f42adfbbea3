package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 5xx, a dropped connection, a receiver that answers too late and one that is not there at all
 * are each retried with backoff until the event arrives; meanwhile the call's later events wait,
 * and arrive after it, in order. Each retry is signed afresh.
 */
class FailedDeliveriesAreRetriedUntilTheyArriveTest {
    @TempDir
    Path dir;

    /** Answers {@code first} to the first attempt at each event, 200 to the rest. */
    private static void firstAttemptFails(WebhookReceiver receiver, WebhookReceiver.Reply first) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        receiver.answer(r -> seen.add(r.eventId()) ? first : WebhookReceiver.Reply.status(200));
    }

    private void everyEventArrivesAfterOneFailure(WebhookReceiver receiver, Duration timeout, String expectedError) {
        try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), timeout, Duration.ofHours(1)))) {
            rig.write(OutboxRig.wholeCall("c_1", 2));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 5);
            assertThat(receiver.accepted()).extracting(r -> r.json().path("type").asText())
                    .containsExactly("call.created", "call.status", "transcript", "transcript", "call.ended");
            assertThat(receiver.requests()).hasSize(10);
            assertThat(rig.rowsOf("c_1")).allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
                assertThat(d.attempts()).isEqualTo(2);
            });
            assertThat(rig.outcomes).filteredOn("failed"::equals).hasSize(5);
            assertThat(rig.outcomes).filteredOn("delivered"::equals).hasSize(5);
            // No event was sent before the one ahead of it had arrived.
            assertThat(receiver.requests()).extracting(WebhookReceiver.Received::eventId)
                    .containsExactlyElementsOf(receiver.accepted().stream().flatMap(r -> java.util.stream.Stream.of(r.eventId(), r.eventId())).toList());
        }
    }

    @Test
    void a500ThenA200() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            firstAttemptFails(receiver, WebhookReceiver.Reply.status(500));
            everyEventArrivesAfterOneFailure(receiver, Duration.ofSeconds(5), "HTTP 500");
        }
    }

    @Test
    void aDroppedConnectionThenA200() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            firstAttemptFails(receiver, WebhookReceiver.Reply.dropConnection());
            everyEventArrivesAfterOneFailure(receiver, Duration.ofSeconds(5), "connection failed");
        }
    }

    @Test
    void anAnswerTooLateThenA200() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            firstAttemptFails(receiver, WebhookReceiver.Reply.after(1500, 503)); // the answer comes after the sender gave up
            everyEventArrivesAfterOneFailure(receiver, Duration.ofMillis(300), "timed out");
        }
    }

    @Test
    void aReceiverThatIsDownThenUp() {
        int port = WebhookReceiver.freePort();
        try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe("http://127.0.0.1:" + port + "/hook", Duration.ofSeconds(2), Duration.ofHours(1)))) {
            rig.write(OutboxRig.wholeCall("c_1", 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.rowsOf("c_1").getFirst().attempts() >= 3);
            Delivery head = rig.rowsOf("c_1").getFirst();
            assertThat(head.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(head.lastError()).startsWith("connection failed");
            assertThat(rig.rowsOf("c_1").subList(1, 5)).allSatisfy(d -> assertThat(d.attempts()).isZero());
            try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 5);
                assertThat(receiver.accepted()).extracting(r -> r.json().path("type").asText())
                        .containsExactly("call.created", "call.status", "transcript", "transcript", "call.ended");
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.rowsOf("c_1").stream().allMatch(d -> d.status() == Delivery.Status.DELIVERED));
            }
        }
    }

    @Test
    void eachRetryIsSignedWhenItIsSent() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            // Fail for just over a second, so a retry falls in a later second than the first attempt.
            long until = System.currentTimeMillis() + 1100;
            receiver.answer(r -> System.currentTimeMillis() < until ? WebhookReceiver.Reply.status(503) : WebhookReceiver.Reply.status(200));
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(2), Duration.ofHours(1)))) {
                rig.write(OutboxRig.wholeCall("c_1", 0).subList(0, 1));
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
                var attempts = receiver.requests();
                assertThat(attempts.size()).isGreaterThan(1);
                String firstT = attempts.getFirst().header("X-Callbridge-Signature").replaceAll("t=(\\d+),.*", "$1");
                String lastT = attempts.getLast().header("X-Callbridge-Signature").replaceAll("t=(\\d+),.*", "$1");
                assertThat(Long.parseLong(lastT)).isGreaterThan(Long.parseLong(firstT));
                assertThat(attempts).extracting(WebhookReceiver.Received::body).containsOnly(attempts.getFirst().body());
                for (var r : attempts) {
                    assertThat(IndependentSignatureCheck.valid(r.header("X-Callbridge-Signature"), r.body(), OutboxRig.SECRET,
                            java.time.Instant.now().getEpochSecond())).isTrue();
                }
            }
        }
    }
}
