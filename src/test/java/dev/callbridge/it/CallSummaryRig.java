package dev.callbridge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.Agent;
import dev.callbridge.engine.llm.FakeChatCompletions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * WhatsApp's follow-up after a call, end to end: a {@link FakeGraphApi} behind a {@link CuttableProxy}
 * (so a test can take Meta away), a fake chat model writing the summaries, and gateways started
 * on demand on one data folder (so a test can restart one), whose default agent writes
 * {@link #conversation} into each call's transcript. Calls come in through Twilio's real front door.
 */
final class CallSummaryRig implements AutoCloseable {
    static final String TEMPLATE = "call_summary";
    final Vertx fakes = Vertx.vertx();
    final FakeGraphApi graph;
    final CuttableProxy meta;
    final FakeChatCompletions llm;
    final Path dataDir;
    final List<String> env = new ArrayList<>();
    volatile List<String> conversation = List.of(
            "caller: Hello, I would like to book a double room from Friday to Sunday.",
            "Certainly. A double room from Friday to Sunday is booked for you, your reference is 4711.",
            "caller: Thank you, that's all.");
    private final AtomicInteger sids = new AtomicInteger();

    CallSummaryRig(Path dataDir, long seed, String... moreEnv) {
        this.dataDir = dataDir;
        graph = FakeGraphApi.start(fakes, seed);
        meta = new CuttableProxy(fakes, java.net.URI.create(graph.baseUrl()).getPort());
        llm = FakeChatCompletions.start(fakes).await();
        env.addAll(Arrays.asList(graph.env(WhatsAppRig.APP_SECRET, WhatsAppRig.VERIFY_TOKEN)));
        int url = env.indexOf("WHATSAPP_API_URL");
        env.set(url + 1, "http://127.0.0.1:" + meta.port());
        env.addAll(List.of("LLM", "openai", "LLM_URL", llm.baseUrl(), "LLM_MODEL", "test-model",
                "AGENT_INSTRUCTIONS", "You are the booking desk of Hotel Seeblick.", "WHATSAPP_CALL_SUMMARY_TEMPLATE", TEMPLATE));
        env.addAll(Arrays.asList(moreEnv));
    }

    /** A gateway on the rig's data folder; close it to stop it, start another to restart. */
    GatewayFixture start() {
        Map<String, Supplier<Agent>> agents = Map.of("echo", () -> new ScriptedTranscriptAgent(conversation));
        return new GatewayFixture(dataDir, agents, env.toArray(String[]::new));
    }

    /** An inbound Twilio call from {@code from}, answered, its transcript written, then hung up by the caller; its id once completed. */
    String completedCall(GatewayFixture gw, String from) {
        String sid = String.format("CA%032d", sids.incrementAndGet());
        try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, sid, from);
            twilio.connected();
            twilio.start(answer);
            Calls.awaitStatus(gw, answer.callId(), "in-progress");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    gw.get("/api/calls/" + answer.callId() + "/transcript").json().path("entries").size() >= conversation.size());
            twilio.stop(99, RawTwilioStream.STREAM_SID);
            Calls.awaitStatus(gw, answer.callId(), "completed");
            return answer.callId();
        }
    }

    /** The call's {@code followUp} once its status is {@code status}. */
    JsonNode awaitFollowUp(GatewayFixture gw, String callId, String status) {
        await().atMost(Duration.ofSeconds(40)).until(() -> gw.get("/api/calls/" + callId).json().path("followUp").path("status").asText().equals(status));
        return gw.get("/api/calls/" + callId).json().path("followUp");
    }

    @Override
    public void close() {
        llm.close();
        meta.close();
        graph.close();
        fakes.close().await();
    }
}
