package dev.callbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.agent.HttpTool;
import dev.callbridge.agent.HttpToolsFile;
import dev.callbridge.webhook.WebhookSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/n8n as a user imports it: two n8n workflow exports and the tools file that points the
 * realtime agent at one of them. n8n is not needed here (its import was checked by hand, see the
 * README): what is held is the fit with the gateway, which is what breaks silently when either side
 * changes: the paths, the raw signed bytes, the signature's algorithm and window, the arguments the
 * model is told about, and an answer to the gateway on every way through.
 */
class ShippedN8nWorkflowsFitTheGatewayTest {
    private static final Path DIR = Path.of("deploy", "n8n");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode workflow(String file) throws IOException {
        return JSON.readTree(Files.readString(DIR.resolve(file)));
    }

    private static JsonNode node(JsonNode workflow, String type) {
        List<JsonNode> found = new ArrayList<>();
        workflow.get("nodes").forEach(n -> { if (n.path("type").asText().equals("n8n-nodes-base." + type)) found.add(n); });
        assertThat(found).as("one %s node in %s", type, workflow.path("name").asText()).hasSize(1);
        return found.get(0);
    }

    private static JsonNode named(JsonNode workflow, String name) {
        for (JsonNode n : workflow.get("nodes")) if (n.path("name").asText().equals(name)) return n;
        throw new AssertionError("no node named '" + name + "'");
    }

    /** The nodes the given output of a node leads to. */
    private static List<JsonNode> next(JsonNode workflow, String from, int output) {
        List<JsonNode> out = new ArrayList<>();
        workflow.path("connections").path(from).path("main").path(output).forEach(c -> out.add(named(workflow, c.get("node").asText())));
        return out;
    }

    @Test
    void bothWorkflowsAreImportableN8nExports() throws IOException {
        for (String file : List.of("post-call-summary.json", "booking-lookup-tool.json")) {
            JsonNode w = workflow(file);
            assertThat(w.path("name").asText()).as(file + " name").isNotBlank();
            assertThat(w.path("active").asBoolean(true)).as(file + ": imported inactive, activated once its secret is set").isFalse();
            Set<String> names = new HashSet<>();
            for (JsonNode n : w.get("nodes")) {
                assertThat(n.path("id").asText()).as(file + " node id").isNotBlank();
                assertThat(names.add(n.path("name").asText())).as(file + ": node names are unique, connections use them").isTrue();
                assertThat(n.path("type").asText()).as(file + " node type").startsWith("n8n-nodes-base.");
                assertThat(n.path("typeVersion").isNumber()).as(file + " typeVersion").isTrue();
                assertThat(n.path("position").size()).as(file + " position").isEqualTo(2);
                assertThat(n.path("parameters").isObject()).as(file + " parameters").isTrue();
            }
            w.path("connections").fields().forEachRemaining(from -> {
                assertThat(names).as(file + " connection source").contains(from.getKey());
                from.getValue().path("main").forEach(output -> output.forEach(c -> assertThat(names).as(file + " connection target").contains(c.get("node").asText())));
            });
        }
    }

    @Test
    void theSummaryReceivesTheSignedBytesAsSent() throws IOException {
        JsonNode webhook = node(workflow("post-call-summary.json"), "webhook").get("parameters");
        assertThat(webhook.path("httpMethod").asText()).isEqualTo("POST");
        assertThat(webhook.path("path").asText()).isEqualTo("callbridge/call-ended");
        assertThat(webhook.path("options").path("rawBody").asBoolean()).as("Raw Body: the parsed body is not what was signed").isTrue();
        assertThat(webhook.path("responseMode").asText()).as("the workflow chooses 200 or 401").isEqualTo("responseNode");
    }

    @Test
    void theSummaryChecksTheSignatureTheGatewayMakes() throws IOException {
        String js = named(workflow("post-call-summary.json"), "Verify X-Callbridge-Signature").get("parameters").get("jsCode").asText();
        assertThat(js).contains("$json.headers['" + WebhookSignature.HEADER.toLowerCase(Locale.ROOT) + "']")
                .contains("crypto.createHmac('sha256', secret).update(`${parts.t}.`).update(raw)")
                .contains("Math.abs(Date.now() / 1000 - t) > 300")
                .contains("crypto.timingSafeEqual(")
                .contains("getBinaryDataBuffer($itemIndex, 'data')")
                .contains("$env.CALLBRIDGE_WEBHOOK_SECRET");
        assertThat(Files.readString(Path.of("README.md"))).as("the README shows the shipped check").contains(js);
    }

    /** The one node an output leads to answers the webhook with this status. */
    private static void answers(JsonNode workflow, String from, int output, int status, String why) {
        assertThat(next(workflow, from, output)).as(from + " output " + output).singleElement().satisfies(n -> {
            assertThat(n.path("type").asText()).isEqualTo("n8n-nodes-base.respondToWebhook");
            assertThat(n.path("parameters").path("options").path("responseCode").asInt()).as(why).isEqualTo(status);
        });
    }

    /**
     * n8n (2.8.4, checked) answers 200 with an empty body when a workflow in "Respond to Webhook" mode
     * fails before reaching one: the gateway would count the event delivered, and an HTTP tool would
     * hand the model {"status":"ok"}. So the nodes that can fail send their errors to a 500 answer.
     */
    @Test
    void everyWayThroughAnswersTheGatewayFailuresIncluded() throws IOException {
        JsonNode w = workflow("post-call-summary.json");
        answers(w, "Signature valid?", 0, 200, "delivered");
        answers(w, "Signature valid?", 1, 401, "dead at once, not retried");
        assertThat(named(w, "Verify X-Callbridge-Signature").path("onError").asText()).isEqualTo("continueErrorOutput");
        answers(w, "Verify X-Callbridge-Signature", 1, 500, "not set up yet (no crypto, no secret): retried");
        JsonNode tool = workflow("booking-lookup-tool.json");
        JsonNode lookup = node(tool, "code");
        assertThat(lookup.path("onError").asText()).isEqualTo("continueErrorOutput");
        answers(tool, lookup.path("name").asText(), 1, 500, "the model hears the lookup failed");
    }

    @Test
    void aRedeliveredEventIsSummarisedOnce() throws IOException {
        JsonNode dedupe = node(workflow("post-call-summary.json"), "removeDuplicates").get("parameters");
        assertThat(dedupe.path("operation").asText()).as("at least once: the event id is the key across executions")
                .isEqualTo("removeItemsSeenInPreviousExecutions");
        assertThat(dedupe.path("dedupeValue").asText()).isEqualTo("={{ $json.event.id }}");
    }

    @Test
    void theToolsFilePointsTheAgentAtTheBookingWorkflow() throws IOException {
        List<HttpTool.Declaration> tools = HttpToolsFile.parse(Files.readString(DIR.resolve("tools.json")));
        assertThat(tools).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("lookup_booking");
            JsonNode w = workflow("booking-lookup-tool.json");
            JsonNode webhook = node(w, "webhook").get("parameters");
            assertThat(webhook.path("httpMethod").asText()).isEqualTo("POST");
            assertThat(tool.url().getPath()).isEqualTo("/webhook/" + webhook.path("path").asText());
            assertThat(webhook.path("authentication").asText()).isEqualTo("headerAuth");
            assertThat(tool.headers()).as("the Header Auth credential's header").containsKey("X-Api-Key");
            assertThat(webhook.path("responseMode").asText()).isEqualTo("responseNode");
            String js = node(w, "code").get("parameters").get("jsCode").asText();
            assertThat(js).contains("$json.body && $json.body.arguments");
            tool.parameters().get("properties").fieldNames().forEachRemaining(argument ->
                    assertThat(js).as("the workflow reads the argument the model is told about").contains("args." + argument));
        });
    }
}
