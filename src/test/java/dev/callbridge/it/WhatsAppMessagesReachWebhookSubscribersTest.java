package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.webhook.IndependentSignatureCheck;
import dev.callbridge.webhook.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A written conversation through the real gateway reaches a webhook receiver subscribed to
 * {@code whatsapp.message}: the inbound text, then the reply, then each status that moves the
 * reply on, in that order, each signed, each with its own stable id and the time of its change as
 * {@code at} (the same as its {@code /ws/events} frame). A subscription that did not ask for
 * {@code whatsapp.message} gets no row. The deliveries API shows the rows with no call id and their line.
 */
class WhatsAppMessagesReachWebhookSubscribersTest {
    private static final String SECRET_WA = "whsec_whatsapp_0123456789";
    private static final String SECRET_CALLS = "whsec_calls_0123456789";
    private static final String NUMBER = "16505551234";

    @TempDir
    Path dir;

    @Test
    void inboundReplyAndItsStatusesArriveInOrderSignedWithTheirChangeTimes() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path hooks = dir.resolve("webhooks.json");
            Files.writeString(hooks, """
                    [{"url":"%s","events":["call.ended","whatsapp.message"],"secret":"%s"},
                     {"url":"%s","events":["call.created","call.ended","transcript"],"secret":"%s"}]"""
                    .formatted(receiver.url("/wa"), SECRET_WA, receiver.url("/calls"), SECRET_CALLS));
            Path data = Files.createDirectories(dir.resolve("data"));
            try (WhatsAppRig rig = new WhatsAppRig(data, 21, false, "WEBHOOKS_FILE", hooks.toString());
                 EventsReader events = new EventsReader(rig.gateway.vertx, rig.gateway.port(), "/ws/events?token=" + WhatsAppRig.API_TOKEN)) {
                rig.llm.enqueue(FakeChatCompletions.Reply.stream(41).text("Yes, ", "Friday is free.").finish("stop"));

                List<Instant> changes = new ArrayList<>();
                changes.add(Instant.now());
                rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text(NUMBER, "wamid.W1", "Is Friday free?")), null);
                String reply = rig.awaitConversation(NUMBER, 2).get(1).path("id").asText();
                changes.add(Instant.now());
                // One status at a time, each applied before the next is sent: Meta may send them in any order.
                for (String status : List.of("sent", "delivered", "read")) {
                    rig.meta.deliver(null, MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.status(reply, status, NUMBER)));
                    await().atMost(Duration.ofSeconds(10)).until(() -> rig.awaitConversation(NUMBER, 2).get(1).path("status").asText().equals(status));
                    changes.add(Instant.now());
                }

                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() >= 5);
                List<WebhookReceiver.Received> got = receiver.accepted();
                assertThat(got).hasSize(5).allSatisfy(r -> assertThat(r.header("X-Callbridge-Event")).isEqualTo("whatsapp.message"));
                assertThat(got).extracting(r -> r.json().path("data").path("direction").asText() + ":" + r.json().path("data").path("status").asText())
                        .containsExactly("inbound:received", "outbound:accepted", "outbound:sent", "outbound:delivered", "outbound:read");
                assertThat(got.get(0).json().path("data").path("text").asText()).isEqualTo("Is Friday free?");
                assertThat(got.get(1).json().path("data").path("text").asText()).isEqualTo("Yes, Friday is free.");
                assertThat(got.get(1).json().path("data").path("replyTo").asText()).isEqualTo("wamid.W1");
                assertThat(got.subList(1, 5)).allSatisfy(r -> assertThat(r.json().path("data").path("id").asText()).isEqualTo(reply));

                long now = Instant.now().getEpochSecond();
                List<Instant> ats = new ArrayList<>();
                for (int i = 0; i < got.size(); i++) {
                    WebhookReceiver.Received r = got.get(i);
                    assertThat(IndependentSignatureCheck.valid(r.header("X-Callbridge-Signature"), r.body(), SECRET_WA, now))
                            .as("signature of %s", r.body()).isTrue();
                    JsonNode json = r.json();
                    assertThat(json.fieldNames()).toIterable().containsExactly("id", "type", "callId", "at", "data");
                    assertThat(json.path("id").asText()).matches("wam_[0-9a-f]{32}");
                    assertThat(json.path("type").asText()).isEqualTo("whatsapp.message");
                    assertThat(json.path("callId").isNull()).isTrue();
                    // The change happened during the step that caused it: the inbound and its reply in the first, a status in each later one.
                    int step = Math.max(0, i - 1);
                    Instant at = Instant.parse(json.path("at").asText());
                    assertThat(at).isBetween(changes.get(step).minusMillis(1), changes.get(step + 1));
                    ats.add(at);
                }
                assertThat(got).extracting(WebhookReceiver.Received::eventId).doesNotHaveDuplicates();
                assertThat(ats).isSorted();

                // /ws/events tells the same changes at the same times.
                await().atMost(Duration.ofSeconds(10)).until(() -> frames(events).size() >= 5);
                assertThat(frames(events)).extracting(f -> Instant.parse(f.path("at").asText())).containsExactlyInAnyOrderElementsOf(ats);

                List<JsonNode> rows = new ArrayList<>();
                rig.api("/api/webhooks/deliveries").json().path("deliveries").forEach(rows::add);
                assertThat(rows).hasSize(5).allSatisfy(row -> {
                    assertThat(row.path("url").asText()).isEqualTo(receiver.url("/wa"));
                    assertThat(row.path("type").asText()).isEqualTo("whatsapp.message");
                    assertThat(row.path("callId").isNull()).isTrue();
                    assertThat(row.path("line").asText()).isEqualTo("whatsapp:+" + NUMBER);
                    assertThat(row.path("status").asText()).isEqualTo("delivered");
                });
                assertThat(rig.api("/api/webhooks/deliveries?callId=whatsapp:%2B" + NUMBER).json().path("deliveries")).hasSize(5);
                assertThat(receiver.requests()).hasSize(5);
                assertThat(rig.graph.violations()).isEmpty();
            }
        }
    }

    private static List<JsonNode> frames(EventsReader events) {
        return events.received.stream().map(t -> {
            try {
                return CallJson.mapper().readTree(t);
            } catch (Exception e) {
                throw new AssertionError(t, e);
            }
        }).filter(f -> f.path("type").asText().equals("whatsapp.message")).toList();
    }
}
