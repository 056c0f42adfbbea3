package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code callbridge serve} as a process: bad configuration exits non-zero with one clear line. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private record Exit(int code, List<String> stderr) {}

    private Exit serve(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.callbridge.Main", "serve");
        pb.directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.equals("PORT") || k.equals("DATA_DIR"));
        pb.environment().putAll(env);
        File err = dir.resolve("stderr.txt").toFile();
        pb.redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        return new Exit(p.exitValue(), Files.readAllLines(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void invalidPortExitsWithOneLine() throws Exception {
        Exit exit = serve(Map.of("PORT", "http"));
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).containsExactly("callbridge: configuration error: PORT: must be a whole number, got 'http'");
    }

    @Test
    void aBadWebhooksFileExitsWithOneLineNamingTheField() throws Exception {
        Path file = Files.writeString(dir.resolve("webhooks.json"), "[{\"url\":\"n8n.local/hook\",\"events\":[\"call.ended\"],\"secret\":\"s\"}]");
        Exit exit = serve(Map.of("WEBHOOKS_FILE", file.toString(), "DATA_DIR", dir.resolve("data").toString()));
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).containsExactly(
                "callbridge: configuration error: WEBHOOKS_FILE: [1].url: must be http(s)://host/path, got 'n8n.local/hook'");
    }

    @Test
    void unwritableDataDirExitsWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Exit exit = serve(Map.of("DATA_DIR", file.resolve("data").toString()));
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).hasSize(1);
        assertThat(exit.stderr().get(0)).startsWith("callbridge: configuration error: DATA_DIR: ");
    }

    @Test
    void jsonLogsAreOneObjectPerLineAndCarryTheCallId() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // as ./callbridge runs it: Netty's epoll is native
                "-cp", System.getProperty("java.class.path"), "dev.callbridge.Main", "serve");
        pb.directory(dir.toFile());
        pb.environment().putAll(Map.of("PORT", "0", "HOST", "127.0.0.1", "LOG_FORMAT", "json", "DATA_DIR", dir.resolve("d").toString()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // Start-up logs a few lines (store, warm-up), each one JSON object, before it listens.
            String listening = "";
            for (int i = 0; i < 10 && !listening.contains("listening on"); i++) {
                var line = dev.callbridge.call.CallJson.mapper().readTree(out.readLine());
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                listening = line.path("formattedMessage").asText();
            }
            assertThat(listening).contains("listening on 127.0.0.1:");
            int port = Integer.parseInt(listening.replaceAll(".*listening on 127\\.0\\.0\\.1:(\\d+).*", "$1"));

            var http = java.net.http.HttpClient.newHttpClient();
            for (String path : new String[] {"/twilio/voice", "/twilio/status"}) {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("CallSid=CA9&From=%2B15551230000&To=%2B15559870000&CallStatus="
                                + (path.endsWith("voice") ? "ringing" : "no-answer"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
            String callIdLogged = null;
            for (String line; callIdLogged == null && (line = out.readLine()) != null; ) {
                var json = dev.callbridge.call.CallJson.mapper().readTree(line); // every line is one JSON object
                if (json.path("formattedMessage").asText().contains("no-answer")) callIdLogged = json.path("mdc").path("callId").asText();
            }
            assertThat(callIdLogged).as("the call's end is logged with its callId").startsWith("c_");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void versionAndHelpPrint() {
        var out = new java.io.StringWriter();
        var cli = new picocli.CommandLine(new dev.callbridge.Main()).setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("callbridge 0.1.0");
        out.getBuffer().setLength(0);
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("serve");
    }

    @Test
    void aBrokenToolsFileExitsWithOneLine() throws Exception {
        Path tools = Files.writeString(dir.resolve("tools.json"), "[{\"name\":\"x\"}]");
        Exit exit = serve(Map.of("AGENT", "realtime", "OPENAI_API_KEY", "sk-1", "AGENT_TOOLS_FILE", tools.toString(),
                "DATA_DIR", dir.resolve("d").toString(), "PORT", "0"));
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).containsExactly(
                "callbridge: configuration error: AGENT_TOOLS_FILE: tools[0].description: required, a string");
    }

    @Test
    void dotEnvInTheWorkingFolderIsRead() throws Exception {
        Files.writeString(dir.resolve(".env"), "MAX_CONCURRENT_CALLS=none\n");
        Exit exit = serve(Map.of());
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).containsExactly(
                "callbridge: configuration error: MAX_CONCURRENT_CALLS: must be a whole number, got 'none'");
    }
}
