package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.twilio.TwilioMessage;
import io.vertx.core.Vertx;
import io.vertx.core.MultiMap;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator end to end against {@link FakeMediaServer}: one real call over real sockets. */
@ExtendWith(VertxExtension.class)
class TwilioCallSimulatorTest {
    private static final String TOKEN = "test-token";

    private static SimulationResult simulate(Vertx vertx, FakeMediaServer fake, byte[] audio, long callMillis, String dtmf) {
        GatewayTarget target = new GatewayTarget(URI.create("http://127.0.0.1:" + fake.port()),
                URI.create(FakeMediaServer.PUBLIC_URL), Optional.of(TOKEN));
        var options = new TwilioCallSimulator.Options(target, audio, callMillis, dtmf, "+15551230000", "+15559870000");
        List<StreamCounters> progress = new ArrayList<>();
        SimulationResult result = new TwilioCallSimulator(vertx, options, PlaybackClock.system(), new SplittableRandom(7),
                progress::add).run().await();
        if (result.outcome() == SimulationResult.Outcome.COMPLETED) assertThat(progress).as("progress while streaming").isNotEmpty();
        return result;
    }

    @Test
    void completedCallEchoesEveryFrameReturnsEveryMarkAndReportsLatency(Vertx vertx) throws Exception {
        FakeMediaServer fake = FakeMediaServer.start(vertx, new FakeMediaServer.Options(false, Optional.of(TOKEN), 20, 0)).await();
        byte[] audio = Arrays.copyOf(CallerAudio.load(null), 8000); // 1 s of the sample

        SimulationResult r = simulate(vertx, fake, audio, 1500, "12#");

        assertThat(r.outcome()).isEqualTo(SimulationResult.Outcome.COMPLETED);
        assertThat(r.callId()).isEqualTo("c_fake1");
        assertThat(r.counters().framesSent()).isEqualTo(75);
        assertThat(r.counters().framesReceived()).isEqualTo(r.counters().framesSent());
        assertThat(r.counters().marksReceived()).isEqualTo(3);
        assertThat(r.counters().marksReturned()).isEqualTo(3);
        assertThat(r.counters().dtmfSent()).isEqualTo(3);
        assertThat(r.firstAudioNanos()).isPositive().isLessThan(500_000_000L);
        assertThat(r.stream().redirected()).isTrue();
        // Heard runs from the stream start to the end of the last echo: the last frame goes at 1480 ms, its echo lasts 20 ms.
        assertThat(r.heardAudio().length).as("heard ≈ until the last echo finished").isBetween(1490 * 8, 1650 * 8);
        // The start of what was heard is what was said, echoed (after a short silence while it travelled).
        assertThat(new String(r.heardAudio(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains(new String(Arrays.copyOfRange(audio, 1600, 1760), java.nio.charset.StandardCharsets.ISO_8859_1));

        FakeMediaServer.StreamLog stream = fake.streams.peek();
        assertThat(stream.signatureValid).isTrue();
        assertThat(fake.webhookSignaturesValid).containsOnly(true).hasSize(2);
        List<TwilioMessage> got = stream.received;
        assertThat(got.getFirst()).isInstanceOf(TwilioMessage.Connected.class);
        assertThat(got.get(1)).isInstanceOfSatisfying(TwilioMessage.Start.class,
                s -> assertThat(s.customParameters()).containsEntry("callId", "c_fake1"));
        assertThat(got.getLast()).isInstanceOf(TwilioMessage.Stop.class);
        assertThat(got.stream().filter(m -> m instanceof TwilioMessage.Dtmf).map(m -> ((TwilioMessage.Dtmf) m).digit()).toList())
                .containsExactly('1', '2', '#');
        assertThat(got.stream().filter(m -> m instanceof TwilioMessage.Mark).map(m -> ((TwilioMessage.Mark) m).name()).toList())
                .containsExactly("m20", "m40", "m60");
        List<Long> sequence = got.stream().skip(1).map(FakeMediaServerSequence::of).toList();
        assertThat(sequence).as("sequenceNumber counts every message from start").isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, sequence.size()).boxed().toList());
        List<Long> timestamps = got.stream().filter(m -> m instanceof TwilioMessage.Media).map(m -> ((TwilioMessage.Media) m).timestamp()).toList();
        assertThat(timestamps.subList(0, 3)).containsExactly(0L, 20L, 40L);

        MultiMap status = fake.statusCallbacks.peek();
        assertThat(status.get("CallStatus")).isEqualTo("completed");
        assertThat(status.get("CallSid")).isEqualTo(fake.voiceWebhooks.peek().get("CallSid")).matches("CA[0-9a-f]{32}");
        assertThat(r.summary(URI.create("http://127.0.0.1:8080"), "heard.wav", false))
                .contains("curl -s http://127.0.0.1:8080/api/calls/c_fake1/transcript");
    }

    @Test
    void clearFromTheServerReturnsPendingMarksAndIsCounted(Vertx vertx) throws Exception {
        FakeMediaServer fake = FakeMediaServer.start(vertx, new FakeMediaServer.Options(false, Optional.of(TOKEN), 10, 30)).await();

        SimulationResult r = simulate(vertx, fake, new byte[8000], 1300, ""); // m60's audio plays before the hang-up at 1.3 s

        assertThat(r.outcome()).isEqualTo(SimulationResult.Outcome.COMPLETED);
        assertThat(r.counters().clears()).isEqualTo(1);
        assertThat(r.counters().marksReturned()).isEqualTo(r.counters().marksReceived()).isEqualTo(6);
    }

    @Test
    void busyTwimlIsReportedAsRejectedWithTheSpokenText(Vertx vertx) throws Exception {
        FakeMediaServer fake = FakeMediaServer.start(vertx, new FakeMediaServer.Options(true, Optional.of(TOKEN), 0, 0)).await();

        SimulationResult r = simulate(vertx, fake, new byte[1600], 200, "");

        assertThat(r.outcome()).isEqualTo(SimulationResult.Outcome.REJECTED);
        assertThat(r.outcome().exitCode()).isNotZero();
        assertThat(r.detail()).isEqualTo("All lines are busy.");
        assertThat(r.summary(URI.create("http://x"), "heard.wav", false)).contains("rejected     All lines are busy.");
        assertThat(fake.streams).isEmpty();
    }
}
