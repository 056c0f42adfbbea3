package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.llm.FakeChatCompletions.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An answer that is not an event stream fails the completion with a typed {@link EngineFailure}
 * carrying the status and the server's own message, on one line, without the API key; no text,
 * no end.
 */
class HttpErrorsAreTypedFailuresTest {
    private final ChatModelFixture f = new ChatModelFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private EngineFailure failureFor(Reply reply) throws Exception {
        f.fake.enqueue(reply);
        ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
        EngineFailure failure = r.failed.get(5, TimeUnit.SECONDS);
        assertThat(r.timeline).containsExactly("failure " + failure.kind());
        assertThat(failure.getMessage()).doesNotContain("\n").doesNotContain(ChatModelFixture.KEY);
        return failure;
    }

    @Test
    void unauthorizedCarriesTheServersMessageButNeverTheKey() throws Exception {
        // OpenAI quotes part of a wrong key back; a server quoting all of it must not leak it.
        EngineFailure e = failureFor(Reply.status(401, Reply.openAiError(
                "Incorrect API key provided: " + ChatModelFixture.KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key")));
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.errorCode()).isEqualTo("invalid_api_key");
        assertThat(e.errorType()).isEqualTo("invalid_request_error");
        assertThat(e.serverMessage()).startsWith("Incorrect API key provided: ****.");
        assertThat(e.getMessage()).startsWith("LLM API: HTTP 401 unauthorized: Incorrect API key provided: ****.");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void rateLimitedCarriesRetryAfter() throws Exception {
        EngineFailure e = failureFor(Reply.status(429, Reply.openAiError(
                "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.", "requests",
                "rate_limit_exceeded")).header("Retry-After", "2"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(e.getMessage()).contains("Rate limit reached").contains("[rate_limit_exceeded]").endsWith("(retry after 2000 ms)");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void serverErrorCarriesTheMessage() throws Exception {
        EngineFailure e = failureFor(Reply.status(500, Reply.openAiError(
                "The server had an error while processing your request. Sorry about that!", "server_error", null)));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.serverMessage()).isEqualTo("The server had an error while processing your request. Sorry about that!");
    }

    @Test
    void aNonJsonErrorBodyIsQuotedShort() throws Exception {
        EngineFailure e = failureFor(Reply.status(502, "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>")
                .header("Content-Type", "text/html"));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.serverMessage()).isNull();
        assertThat(e.getMessage()).isEqualTo("LLM API: HTTP 502 server_error: non-JSON body: <html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html>");
    }

    @Test
    void otherShapesOfErrorAreReadToo() throws Exception {
        // Ollama: {"error":"…"} on a wrong model; vLLM/FastAPI: {"detail":…}.
        EngineFailure ollama = failureFor(Reply.status(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"));
        assertThat(ollama.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(ollama.serverMessage()).isEqualTo("model \"llama9\" not found, try pulling it first");
        EngineFailure vllm = failureFor(Reply.status(400, "{\"detail\":\"messages: field required\"}"));
        assertThat(vllm.kind()).isEqualTo(Kind.REJECTED);
        assertThat(vllm.serverMessage()).isEqualTo("messages: field required");
        EngineFailure forbidden = failureFor(Reply.status(403, Reply.openAiError("Country, region, or territory not supported",
                "request_forbidden", "unsupported_country_region_territory")));
        assertThat(forbidden.kind()).isEqualTo(Kind.FORBIDDEN);
    }

    @Test
    void aSuccessThatIsNotAnEventStreamIsNotSse() throws Exception {
        EngineFailure e = failureFor(Reply.status(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}"));
        assertThat(e.kind()).isEqualTo(Kind.WRONG_CONTENT);
        assertThat(e.getMessage()).startsWith("LLM API: HTTP 200 wrong_content (expected text/event-stream, got application/json)");
    }
}
