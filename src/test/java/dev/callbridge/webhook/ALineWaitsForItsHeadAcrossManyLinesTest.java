package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With many lines (200 calls × 5 events, written interleaved) the planner hands out only line
 * heads: no event reaches the receiver while an earlier one of its call is in flight or failed
 * and waiting for its retry. One event of every third call fails its first attempt; everything
 * still arrives, once accepted, in order per call.
 */
class ALineWaitsForItsHeadAcrossManyLinesTest {
    private static final int CALLS = 200;

    @TempDir
    Path dir;

    /** created, status, line 1, line 2, ended: the event's place in its call. */
    private static int place(WebhookReceiver.Received r) {
        return switch (r.json().path("type").asText()) {
            case "call.created" -> 0;
            case "call.status" -> 1;
            case "transcript" -> r.json().path("data").path("text").asText().equals("line 1") ? 2 : 3;
            case "call.ended" -> 4;
            default -> throw new AssertionError("unexpected event " + r.body());
        };
    }

    @Test
    void laterRowsWaitForTheirHeadWhileOtherLinesGoOn() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Map<String, Integer> acceptedPerCall = new ConcurrentHashMap<>();
            List<String> outOfTurn = new CopyOnWriteArrayList<>();
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            SplittableRandom random = new SplittableRandom(13);
            receiver.answer(r -> {
                String call = r.callId();
                int place = place(r);
                // Only the call's next event may arrive: the reply to the one before was decided
                // here, before its sender could see it, so anything later would have been sent early.
                synchronized (acceptedPerCall) {
                    int next = acceptedPerCall.getOrDefault(call, 0);
                    if (place != next) outOfTurn.add(call + " got event " + place + " while waiting for " + next);
                    int failingPlace = Math.floorMod(call.hashCode(), 5);
                    if (Math.abs(call.hashCode()) % 3 == 0 && place == failingPlace && failedOnce.add(call)) {
                        return WebhookReceiver.Reply.status(503);
                    }
                    acceptedPerCall.put(call, Math.max(next, place + 1));
                }
                return WebhookReceiver.Reply.after(random.nextInt(3), 200);
            });
            try (OutboxRig rig = new OutboxRig(dir, OutboxRig.subscribe(receiver.url("/hook"), Duration.ofSeconds(5), Duration.ofHours(1)))) {
                List<List<CallEvent>> calls = new ArrayList<>();
                for (int c = 0; c < CALLS; c++) calls.add(OutboxRig.wholeCall("c_" + c, 2));
                // Interleaved, one batch per event place, as calls running side by side are written.
                for (int place = 0; place < 5; place++) {
                    List<CallEvent> batch = new ArrayList<>();
                    for (List<CallEvent> call : calls) batch.add(call.get(place));
                    rig.write(batch);
                }

                await().atMost(Duration.ofSeconds(90)).until(() -> receiver.accepted().size() >= CALLS * 5);
                assertThat(outOfTurn).isEmpty();
                assertThat(failedOnce).hasSizeGreaterThan(CALLS / 5);
                assertThat(receiver.accepted()).hasSize(CALLS * 5);
                assertThat(receiver.requests()).hasSize(CALLS * 5 + failedOnce.size());
                for (int c = 0; c < CALLS; c++) {
                    String call = "c_" + c;
                    assertThat(receiver.accepted().stream().filter(r -> r.callId().equals(call)).map(ALineWaitsForItsHeadAcrossManyLinesTest::place))
                            .as("events of %s in arrival order", call).containsExactly(0, 1, 2, 3, 4);
                    assertThat(rig.rowsOf(call)).hasSize(5).allSatisfy(d -> assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED));
                }
            }
        }
    }
}
