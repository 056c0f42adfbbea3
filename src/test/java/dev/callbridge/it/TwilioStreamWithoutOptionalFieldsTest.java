package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.OptionalFields;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped simulator plays Twilio with its optional fields left out (no {@code sequenceNumber},
 * {@code track}, {@code chunk}, {@code timestamp}, sids on {@code media}/{@code mark}/{@code dtmf}/{@code stop}),
 * or each one there or not at random, against the real gateway and the echo agent. Everything
 * still works: every frame comes back, every mark is taken as heard, the key press is recorded,
 * and the gateway counts no protocol error.
 */
class TwilioStreamWithoutOptionalFieldsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = OptionalFields.class, names = {"NONE", "VARIED"})
    void aCallWorksWithOnlyTheRequiredFields(OptionalFields fields) throws Exception {
        byte[] caller = java.util.Arrays.copyOf(CallerAudio.load(null), 12_000); // 1.5 s of the bundled sentence
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("data"))) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            var options = new TwilioCallSimulator.Options(target, caller, caller.length / 8 + 500, "5", "+15551230000",
                    "+15559870000", fields);
            SimulationResult result = new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(), new SplittableRandom(8),
                    counters -> { }).run().await();

            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(result.counters().framesReceived()).isEqualTo(result.counters().framesSent());
            assertThat(result.counters().marksReceived()).isPositive();
            assertThat(result.counters().unexpected()).isZero();
            String id = result.callId();
            JsonNode record = Calls.awaitStatus(gw, id, "completed");
            assertThat(record.path("endReason").asText()).isEqualTo("caller-hangup");
            await().until(() -> gw.get("/api/calls/" + id + "/transcript").json().path("entries").size() >= 2);
            assertThat(gw.get("/api/calls/" + id + "/transcript").json().path("entries").findValuesAsText("text")).contains("5");
            assertThat(Calls.metric(gw, "callbridge_media_protocol_errors_total")).isZero();
        }
    }
}
