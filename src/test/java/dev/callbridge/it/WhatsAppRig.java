package dev.callbridge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The real gateway with WhatsApp on, talking to a {@link FakeGraphApi} and a fake chat model (and,
 * when asked, a fake transcriptions server), fed by a {@link MetaWebhookSender}.
 */
final class WhatsAppRig implements AutoCloseable {
    static final String APP_SECRET = "my_app_secret";
    static final String VERIFY_TOKEN = "verify-me-please";
    static final String API_TOKEN = "api-token-for-tests";
    final Vertx fakes = Vertx.vertx();
    final FakeGraphApi graph;
    final FakeChatCompletions llm;
    final FakeTranscriptions stt;
    final GatewayFixture gateway;
    final MetaWebhookSender meta;

    WhatsAppRig(Path dataDir, long seed, boolean withStt, String... moreEnv) {
        graph = FakeGraphApi.start(fakes, seed);
        llm = FakeChatCompletions.start(fakes).await();
        stt = withStt ? FakeTranscriptions.start(fakes, "whisper-test", null).await() : null;
        List<String> env = new ArrayList<>(Arrays.asList(graph.env(APP_SECRET, VERIFY_TOKEN)));
        env.addAll(List.of("LLM", "openai", "LLM_URL", llm.baseUrl(), "LLM_MODEL", "test-model", "API_TOKEN", API_TOKEN,
                "AGENT_INSTRUCTIONS", "You are the booking desk of Hotel Seeblick."));
        if (withStt) env.addAll(List.of("STT", "openai", "STT_URL", stt.baseUrl(), "STT_MODEL", "whisper-test"));
        env.addAll(Arrays.asList(moreEnv));
        gateway = new GatewayFixture(dataDir, env.toArray(String[]::new));
        meta = new MetaWebhookSender(gateway.http, gateway.base(), APP_SECRET, seed);
    }

    /** Waits until the fake has been sent {@code n} texts, and returns them. */
    List<FakeGraphApi.Served> awaitTexts(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> graph.sentTexts().size() >= n);
        return graph.sentTexts();
    }

    GatewayFixture.Response api(String path) {
        return gateway.request(io.vertx.core.http.HttpMethod.GET, path, null, Map.of("Authorization", "Bearer " + API_TOKEN));
    }

    /** The stored conversation's messages once it has {@code n} of them (answers land in the store after the send). */
    JsonNode awaitConversation(String number, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            GatewayFixture.Response r = api("/api/whatsapp/conversations/" + number);
            return r.status() == 200 && r.json().path("messages").size() >= n;
        });
        return api("/api/whatsapp/conversations/" + number).json().path("messages");
    }

    @Override
    public void close() {
        gateway.close();
        if (stt != null) stt.close();
        llm.close();
        graph.close();
        fakes.close().await();
    }
}
