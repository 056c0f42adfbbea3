package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidationTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("DATA_DIR", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void defaultsMatchTheContract() {
        Config c = Config.from(env());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.http().publicUrl()).hasToString("http://localhost:8080");
        assertThat(c.http().maxConcurrentCalls()).isEqualTo(100);
        assertThat(c.http().apiToken()).isNull();
        assertThat(c.storage().kind()).isEqualTo(Config.StoreKind.EMBEDDED);
        assertThat(c.storage().callTtlSeconds()).isEqualTo(86400);
        assertThat(c.twilio().apiUrl()).hasToString("https://api.twilio.com");
        assertThat(c.agent().name()).isEqualTo("echo");
        assertThat(c.agent().openAiRealtimeModel()).isEqualTo("gpt-realtime");
        assertThat(c.logging().level()).isEqualTo("info");
        assertThat(c.logging().format()).isEqualTo(Config.LogFormat.TEXT);
    }

    @Test
    void publicUrlFollowsPortAndLosesTrailingSlash() {
        assertThat(Config.from(env("PORT", "9000")).http().publicUrl()).hasToString("http://localhost:9000");
        assertThat(Config.from(env("PUBLIC_URL", "https://bot.example.com/cb/")).http().publicUrl())
                .hasToString("https://bot.example.com/cb");
    }

    @Test
    void httpTimeoutsDefaultAndAreValidatedByName() {
        assertThat(Config.from(env()).http().idleTimeout()).hasSeconds(60);
        assertThat(Config.from(env()).http().headerTimeout()).hasSeconds(10);
        assertThat(Config.from(env("HTTP_IDLE_TIMEOUT_SECONDS", "5", "HTTP_HEADER_TIMEOUT_SECONDS", "2")).http().headerTimeout())
                .hasSeconds(2);
        assertThatThrownBy(() -> Config.from(env("HTTP_IDLE_TIMEOUT_SECONDS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTP_IDLE_TIMEOUT_SECONDS: must be between 1 and 86400");
        assertThatThrownBy(() -> Config.from(env("HTTP_HEADER_TIMEOUT_SECONDS", "ten"))).isInstanceOf(ConfigException.class)
                .hasMessage("HTTP_HEADER_TIMEOUT_SECONDS: must be a whole number, got 'ten'");
    }

    @Test
    void invalidPortNamesTheVariable() {
        assertThatThrownBy(() -> Config.from(env("PORT", "eighty"))).isInstanceOf(ConfigException.class)
                .hasMessage("PORT: must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> Config.from(env("PORT", "70000"))).hasMessageStartingWith("PORT: must be between 0 and 65535");
    }

    @Test
    void unwritableDataDirNamesTheVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> Config.from(env("DATA_DIR", file.resolve("sub").toString())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DATA_DIR: ");
        Path readOnly = Files.createDirectory(dir.resolve("ro"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        if (!Files.isWritable(readOnly)) { // root can write anywhere; the file case above still covers it
            assertThatThrownBy(() -> Config.from(env("DATA_DIR", readOnly.toString()))).hasMessageStartingWith("DATA_DIR: ");
        }
    }

    @Test
    void otherBadValuesNameTheirVariable() {
        assertThatThrownBy(() -> Config.from(env("MAX_CONCURRENT_CALLS", "0"))).hasMessageStartingWith("MAX_CONCURRENT_CALLS: ");
        assertThatThrownBy(() -> Config.from(env("STORE", "mongo"))).hasMessageStartingWith("STORE: must be one of");
        assertThatThrownBy(() -> Config.from(env("STORE", "postgres"))).hasMessage("DATABASE_URL: required when STORE=postgres");
        assertThatThrownBy(() -> Config.from(env("PUBLIC_URL", "ftp://x"))).hasMessageStartingWith("PUBLIC_URL: ");
        assertThatThrownBy(() -> Config.from(env("PUBLIC_URL", "https://x/y?z=1"))).hasMessageStartingWith("PUBLIC_URL: must not have a query");
        assertThatThrownBy(() -> Config.from(env("LOG_LEVEL", "loud"))).hasMessageStartingWith("LOG_LEVEL: ");
        assertThatThrownBy(() -> Config.from(env("LOG_FORMAT", "xml"))).hasMessageStartingWith("LOG_FORMAT: ");
        assertThatThrownBy(() -> Config.from(env("AGENT", "oracle"))).hasMessageStartingWith("AGENT: unknown agent 'oracle'");
        assertThatThrownBy(() -> Config.from(env("TWILIO_PHONE_NUMBER", "555-1234"))).hasMessageStartingWith("TWILIO_PHONE_NUMBER: ");
        assertThatThrownBy(() -> Config.from(env("RTP_PORT_MIN", "41000", "RTP_PORT_MAX", "40000"))).hasMessageStartingWith("RTP_PORT_MAX: ");
        assertThatThrownBy(() -> Config.from(env("ARI_URL", "http://pbx:8088"))).hasMessageStartingWith("ARI_USERNAME: required");
        assertThatThrownBy(() -> Config.from(env("ARI_URL", "http://pbx:8088", "ARI_USERNAME", "cb")))
                .hasMessageStartingWith("ARI_PASSWORD: required");
        assertThatThrownBy(() -> Config.from(env("ARI_URL", "pbx:8088", "ARI_USERNAME", "cb", "ARI_PASSWORD", "pw")))
                .hasMessageStartingWith("ARI_URL: ");
        assertThatThrownBy(() -> Config.from(env("RTP_HOST", "pbx.local"))).hasMessageStartingWith("RTP_HOST: must be an IP address");
        assertThatThrownBy(() -> Config.from(env("RTP_FORMAT", "opus"))).hasMessageStartingWith("RTP_FORMAT: must be one of");
        assertThatThrownBy(() -> Config.from(env("ARI_ENDPOINT_TEMPLATE", "PJSIP/provider"))).hasMessageStartingWith("ARI_ENDPOINT_TEMPLATE: must contain {to}");
    }

    @Test
    void theAsteriskFrontDoorIsOnWithAriUrlAndCredentials() {
        Config c = Config.from(env("ARI_URL", "http://127.0.0.1:8088", "ARI_USERNAME", "callbridge", "ARI_PASSWORD", "s3cret"));
        assertThat(c.asterisk().ariUrl()).hasToString("http://127.0.0.1:8088");
        assertThat(c.asterisk().app()).isEqualTo("callbridge");
        assertThat(c.asterisk().rtpFormat()).isEqualTo("ulaw");
        assertThat(c.asterisk().endpointTemplate()).isEqualTo("PJSIP/{to}@provider");
        assertThat(c.asterisk().transferContext()).isEqualTo("callbridge-transfer");
        assertThat(c.asterisk().password().toString()).doesNotContain("s3cret");
        assertThat(Config.from(env()).asterisk().ariUrl()).isNull();
    }

    @Test
    void theRealtimeAgentNeedsItsKeyAndReadableFiles() throws Exception {
        assertThatThrownBy(() -> Config.from(env("AGENT", "realtime"))).hasMessage("OPENAI_API_KEY: required when AGENT=realtime");
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "You answer the phone for ACME.");
        Config c = Config.from(env("AGENT", "realtime", "OPENAI_API_KEY", "sk-1", "AGENT_INSTRUCTIONS_FILE", prompt.toString()));
        assertThat(c.agent().instructions()).isEqualTo("You answer the phone for ACME.");
        assertThat(c.agent().turnDetection()).isEqualTo("server_vad");
        assertThat(c.agent().transcriptionModel()).isEqualTo("gpt-4o-mini-transcribe");
        assertThatThrownBy(() -> Config.from(env("AGENT_INSTRUCTIONS_FILE", dir.resolve("missing.txt").toString())))
                .hasMessageStartingWith("AGENT_INSTRUCTIONS_FILE: cannot read ");
        assertThatThrownBy(() -> Config.from(env("AGENT_INSTRUCTIONS", "x", "AGENT_INSTRUCTIONS_FILE", prompt.toString())))
                .hasMessage("AGENT_INSTRUCTIONS_FILE: set either it or AGENT_INSTRUCTIONS, not both");
        assertThatThrownBy(() -> Config.from(env("AGENT_TOOLS_FILE", dir.resolve("tools.json").toString())))
                .hasMessageStartingWith("AGENT_TOOLS_FILE: cannot read ");
        assertThatThrownBy(() -> Config.from(env("OPENAI_TURN_DETECTION", "psychic")))
                .hasMessageStartingWith("OPENAI_TURN_DETECTION: must be one of");
        assertThatThrownBy(() -> Config.from(env("OPENAI_REALTIME_URL", "https://api.openai.com/v1/realtime")))
                .hasMessageStartingWith("OPENAI_REALTIME_URL: ");
    }

    @Test
    void sessionRolloverAndToolFillerTimesAreChecked() {
        Config c = Config.from(env());
        assertThat(c.agent().sessionRollover()).isEqualTo(java.time.Duration.ofMinutes(55));
        assertThat(c.agent().toolFillerAfter()).isEqualTo(java.time.Duration.ofMillis(1200));
        assertThat(Config.from(env("TOOL_FILLER_AFTER_MS", "0")).agent().toolFillerAfter()).isZero();
        // At or past the API's 60-minute cap the session would end before its successor took over.
        assertThatThrownBy(() -> Config.from(env("OPENAI_SESSION_ROLLOVER_SECONDS", "3600")))
                .hasMessageStartingWith("OPENAI_SESSION_ROLLOVER_SECONDS: ");
        assertThatThrownBy(() -> Config.from(env("OPENAI_SESSION_ROLLOVER_SECONDS", "soon")))
                .hasMessageStartingWith("OPENAI_SESSION_ROLLOVER_SECONDS: must be a whole number");
        assertThatThrownBy(() -> Config.from(env("TOOL_FILLER_AFTER_MS", "-5")))
                .hasMessageStartingWith("TOOL_FILLER_AFTER_MS: ");
        assertThat(c.agent().appendBatch()).as("two 20 ms frames per append by default").isEqualTo(java.time.Duration.ofMillis(40));
        assertThat(Config.from(env("OPENAI_APPEND_BATCH_MS", "0")).agent().appendBatch()).as("0: every frame as it comes").isZero();
        assertThat(Config.from(env("OPENAI_APPEND_BATCH_MS", "100")).agent().appendBatch()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThatThrownBy(() -> Config.from(env("OPENAI_APPEND_BATCH_MS", "5000")))
                .hasMessageStartingWith("OPENAI_APPEND_BATCH_MS: ");
    }

    @Test
    void drainSecondsIsChecked() {
        assertThat(Config.from(env()).http().drain()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(Config.from(env("DRAIN_SECONDS", "0")).http().drain()).isZero();
        assertThat(Config.from(env("DRAIN_SECONDS", "3600")).http().drain()).isEqualTo(java.time.Duration.ofHours(1));
        assertThatThrownBy(() -> Config.from(env("DRAIN_SECONDS", "-1")))
                .hasMessage("DRAIN_SECONDS: must be between 0 and 3600, got -1");
        assertThatThrownBy(() -> Config.from(env("DRAIN_SECONDS", "30s")))
                .hasMessage("DRAIN_SECONDS: must be a whole number, got '30s'");
        assertThatThrownBy(() -> Config.from(env("DRAIN_SECONDS", "3601"))).hasMessageStartingWith("DRAIN_SECONDS: ");
    }

    @Test
    void mediaStartTimeoutIsChecked() {
        assertThat(Config.from(env()).twilio().mediaStartTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(Config.from(env("MEDIA_START_TIMEOUT_SECONDS", "1")).twilio().mediaStartTimeout()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThatThrownBy(() -> Config.from(env("MEDIA_START_TIMEOUT_SECONDS", "0")))
                .hasMessage("MEDIA_START_TIMEOUT_SECONDS: must be between 1 and 600, got 0");
        assertThatThrownBy(() -> Config.from(env("MEDIA_START_TIMEOUT_SECONDS", "30s")))
                .hasMessage("MEDIA_START_TIMEOUT_SECONDS: must be a whole number, got '30s'");
    }

    @Test
    void secretsNeverPrint() {
        Config c = Config.from(env("API_TOKEN", "tok-123456", "TWILIO_AUTH_TOKEN", "twilio-secret-xyz",
                "OPENAI_API_KEY", "sk-abcdef", "STORE", "postgres", "DATABASE_URL", "postgres://u:dbpass@h/db"));
        String printed = c.toString();
        assertThat(printed).doesNotContain("tok-123456", "twilio-secret-xyz", "sk-abcdef", "dbpass");
        assertThat(c.twilio().authToken().reveal()).isEqualTo("twilio-secret-xyz");
    }

    @Test
    void dotEnvIsReadAndTheEnvironmentWins() throws Exception {
        Path dotEnv = Files.writeString(dir.resolve(".env"), """
                # comment
                export PORT=9090
                PUBLIC_URL="https://tunnel.example.com"
                MAX_CONCURRENT_CALLS=7 # inline comment
                LOG_LEVEL='debug'
                """);
        Map<String, String> merged = EnvSource.load(Map.of("PORT", "9191"), dotEnv);
        assertThat(merged).containsEntry("PORT", "9191").containsEntry("PUBLIC_URL", "https://tunnel.example.com")
                .containsEntry("MAX_CONCURRENT_CALLS", "7").containsEntry("LOG_LEVEL", "debug");
    }

    @Test
    void malformedDotEnvLineIsNamed() throws Exception {
        Path dotEnv = Files.writeString(dir.resolve(".env"), "PORT=1\nthis is not a pair\n");
        assertThatThrownBy(() -> EnvSource.load(Map.of(), dotEnv)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(".env:2");
    }
}
