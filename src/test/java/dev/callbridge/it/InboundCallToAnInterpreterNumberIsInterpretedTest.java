package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Twilio call to a number in {@code INTERPRETER_NUMBERS} becomes an interpreted call: agent
 * {@code interpreter}, the file's languages, and party B to dial, shown the number A called. A call
 * to any other number is a plain one.
 */
class InboundCallToAnInterpreterNumberIsInterpretedTest {
    @TempDir
    Path dir;

    private static String form(String callSid, String to) {
        return "CallSid=" + callSid + "&AccountSid=AC00000000000000000000000000000001&From=%2B15551230000&To=" + to.replace("+", "%2B")
                + "&CallStatus=ringing&Direction=inbound&ApiVersion=2010-04-01";
    }

    @Test
    void theCalledNumberDecides() throws Exception {
        Path numbers = dir.resolve("numbers.json");
        Files.writeString(numbers, "[{\"number\":\"+15550001111\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}},"
                + "{\"number\":\"+15550002222\",\"dial\":\"+4930123456\",\"from\":\"+15550009999\",\"languages\":{\"a\":\"es\",\"b\":\"de\"}}]");
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(9), 9);
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("data"), InterpreterEnv.of(apy.baseUrl(), "INTERPRETER_NUMBERS", numbers.toString()))) {
            GatewayFixture.Response r = gw.postForm("/twilio/voice", form("CA1", "+15550001111"), Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode call = gw.get("/api/calls/" + Calls.callId(r.body())).json();
            assertThat(call.path("agent").asText()).isEqualTo("interpreter");
            assertThat(call.path("language").asText()).isEqualTo("en");
            assertThat(call.path("direction").asText()).isEqualTo("inbound");
            JsonNode interpreter = call.path("interpreter");
            assertThat(interpreter.path("languages").path("a").asText()).isEqualTo("en");
            assertThat(interpreter.path("languages").path("b").asText()).isEqualTo("es");
            assertThat(interpreter.path("b").path("to").asText()).isEqualTo("+34911222333");
            assertThat(interpreter.path("b").path("from").asText()).as("the number A called").isEqualTo("+15550001111");
            assertThat(interpreter.path("b").path("provider").asText()).as("the caller's provider").isEqualTo("twilio");

            JsonNode second = gw.get("/api/calls/" + Calls.callId(gw.postForm("/twilio/voice", form("CA2", "+15550002222"), Map.of()).body())).json();
            assertThat(second.path("language").asText()).isEqualTo("es");
            assertThat(second.path("interpreter").path("b").path("to").asText()).isEqualTo("+4930123456");
            assertThat(second.path("interpreter").path("b").path("from").asText()).isEqualTo("+15550009999");

            JsonNode plain = gw.get("/api/calls/" + Calls.callId(gw.postForm("/twilio/voice", form("CA3", "+15559870000"), Map.of()).body())).json();
            assertThat(plain.path("agent").asText()).isEqualTo("echo");
            assertThat(plain.path("interpreter").isNull() || plain.path("interpreter").isMissingNode()).isTrue();
        } finally {
            apy.close();
            fakes.close().await();
        }
    }
}
