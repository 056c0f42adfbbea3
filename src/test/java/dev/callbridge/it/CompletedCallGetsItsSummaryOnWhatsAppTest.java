package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.webhook.WebhookReceiver;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code WHATSAPP_CALL_SUMMARY_TEMPLATE} set, a completed call from a mobile number gets the
 * model's summary of its transcript as that template, through the outbox: the Graph API is sent
 * the template with the summary as its one body parameter (flattened to one line, as Meta
 * requires), the call's record says {@code sent} with Meta's message id, and the message joins the
 * caller's WhatsApp conversation; a webhook subscriber to {@code call.followup} hears it.
 */
class CompletedCallGetsItsSummaryOnWhatsAppTest {
    @TempDir
    Path dir;

    @Test
    void theSummaryIsSentAsTheTemplateAndShownOnTheRecord() {
        try (WebhookReceiver subscriber = WebhookReceiver.start();
             CallSummaryRig rig = new CallSummaryRig(dir, 31, "WEBHOOK_URL", subscriber.url("/hook"), "WEBHOOK_SECRET", "whsec_test");
             GatewayFixture gw = rig.start()) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(7).text("You booked a double room\nfrom Friday to Sunday;", "\tyour reference is 4711.")
                    .finish("stop"));
            String callId = rig.completedCall(gw, "+4915112345678");

            JsonNode followUp = rig.awaitFollowUp(gw, callId, "sent");
            String summary = "You booked a double room from Friday to Sunday; your reference is 4711.";
            List<FakeGraphApi.Served> templates = rig.graph.sentTemplates();
            assertThat(templates).hasSize(1);
            JsonNode sent = templates.get(0).body();
            assertThat(sent.path("to").asText()).isEqualTo("4915112345678");
            assertThat(sent.path("template").path("name").asText()).isEqualTo(CallSummaryRig.TEMPLATE);
            assertThat(sent.path("template").path("language").path("code").asText()).isEqualTo("en");
            JsonNode body = sent.path("template").path("components").get(0);
            assertThat(body.path("type").asText()).isEqualTo("body");
            assertThat(body.path("parameters")).singleElement().satisfies(p -> assertThat(p.path("text").asText()).isEqualTo(summary));
            assertThat(rig.graph.violations()).isEmpty();

            assertThat(followUp.path("channel").asText()).isEqualTo("whatsapp");
            assertThat(followUp.path("to").asText()).isEqualTo("+4915112345678");
            assertThat(followUp.path("template").asText()).isEqualTo(CallSummaryRig.TEMPLATE);
            assertThat(followUp.path("summary").asText()).isEqualTo(summary);
            assertThat(followUp.path("messageId").asText()).startsWith("wamid.");
            assertThat(followUp.path("attempts").asInt()).isEqualTo(1);
            assertThat(followUp.path("error").isNull()).isTrue();

            // The model was given the transcript, and the operator's instructions for context.
            JsonNode request = rig.llm.served().get(0).body();
            String prompt = request.path("messages").get(0).path("content").asText();
            String transcript = request.path("messages").get(1).path("content").asText();
            assertThat(prompt).contains("Hotel Seeblick").contains("'en'");
            assertThat(transcript).contains("Caller: Hello, I would like to book a double room from Friday to Sunday.")
                    .contains("Agent: Certainly. A double room from Friday to Sunday is booked for you, your reference is 4711.");

            JsonNode conversation = gw.get("/api/whatsapp/conversations/+4915112345678").json().path("messages");
            assertThat(conversation).singleElement().satisfies(m -> {
                assertThat(m.path("direction").asText()).isEqualTo("outbound");
                assertThat(m.path("kind").asText()).isEqualTo("template");
                assertThat(m.path("text").asText()).isEqualTo(summary);
                assertThat(m.path("id").asText()).isEqualTo(followUp.path("messageId").asText());
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.accepted().stream()
                    .anyMatch(r -> r.json().path("type").asText().equals("call.followup")));
            JsonNode event = subscriber.accepted().stream().filter(r -> r.json().path("type").asText().equals("call.followup"))
                    .findFirst().orElseThrow().json();
            assertThat(event.path("callId").asText()).isEqualTo(callId);
            assertThat(event.path("data").path("followUp")).isEqualTo(followUp);

            JsonNode deliveries = gw.get("/api/webhooks/deliveries?callId=" + callId).json().path("deliveries");
            assertThat(deliveries).filteredOn(d -> d.path("url").asText().startsWith("whatsapp:")).singleElement().satisfies(d -> {
                assertThat(d.path("url").asText()).isEqualTo("whatsapp:call-summary");
                assertThat(d.path("type").asText()).isEqualTo("call.summary");
                assertThat(d.path("status").asText()).isEqualTo("delivered");
            });
        }
    }
}
