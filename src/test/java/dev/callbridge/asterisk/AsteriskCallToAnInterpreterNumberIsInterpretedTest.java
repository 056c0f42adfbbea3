package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import dev.callbridge.it.InterpreterEnv;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel entering {@code Stasis} for an extension listed in {@code INTERPRETER_NUMBERS} becomes an
 * interpreted call, the extension matching the listed number with or without its {@code +}; B is
 * dialled on Asterisk unless the line names a provider, shown the extension A called.
 */
class AsteriskCallToAnInterpreterNumberIsInterpretedTest {
    @TempDir
    Path dir;

    @Test
    void theExtensionDecides() throws Exception {
        Path numbers = dir.resolve("numbers.json");
        Files.writeString(numbers, "[{\"number\":\"+15550001111\",\"dial\":\"PJSIP/200\",\"provider\":\"asterisk\",\"from\":\"4930\","
                + "\"languages\":{\"a\":\"en\",\"b\":\"es\"}},{\"number\":\"300\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"es\",\"b\":\"en\"}}]");
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(11), 11);
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir.resolve("data"), InterpreterEnv.of(apy.baseUrl(), "INTERPRETER_NUMBERS", numbers.toString()))) {
            JsonNode first = rig.call(rig.ari.incomingCall("+4930111", "15550001111"));
            assertThat(first.path("agent").asText()).isEqualTo("interpreter");
            assertThat(first.path("language").asText()).isEqualTo("en");
            assertThat(first.path("interpreter").path("b").path("provider").asText()).isEqualTo("asterisk");
            assertThat(first.path("interpreter").path("b").path("to").asText()).isEqualTo("PJSIP/200");
            assertThat(first.path("interpreter").path("b").path("from").asText()).isEqualTo("4930");

            JsonNode second = rig.call(rig.ari.incomingCall("+4930222", "300"));
            assertThat(second.path("language").asText()).isEqualTo("es");
            assertThat(second.path("interpreter").path("languages").path("b").asText()).isEqualTo("en");
            assertThat(second.path("interpreter").path("b").path("provider").asText()).as("the caller's provider").isEqualTo("asterisk");
            assertThat(second.path("interpreter").path("b").path("from").asText()).as("the extension A called").isEqualTo("300");

            JsonNode plain = rig.call(rig.ari.incomingCall("+4930333", "100"));
            assertThat(plain.path("agent").asText()).isEqualTo("echo");
            assertThat(plain.path("interpreter").isNull() || plain.path("interpreter").isMissingNode()).isTrue();
        } finally {
            apy.close();
            fakes.close().await();
        }
    }
}
