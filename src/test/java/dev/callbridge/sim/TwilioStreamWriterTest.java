package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioStreamWriterTest {
    private final TwilioMediaCodec codec = new TwilioMediaCodec();
    private final List<String> frames = new ArrayList<>();
    private final CallParties call = new CallParties("AC" + "1".repeat(32), "CA" + "3".repeat(32), "+1555", "+1666");
    private final TwilioStreamWriter writer = new TwilioStreamWriter(codec, frames::add, call, "MZ" + "2".repeat(32));

    @Test
    void sequenceNumbersStartAtOneOnStartAndCountEveryLaterMessage() {
        writer.connected();
        writer.start(Map.of("callId", "c_1"));
        writer.media(new byte[160], 0);
        writer.dtmf('5');
        writer.media(new byte[160], 20);
        writer.mark("m1");
        writer.stop();

        List<TwilioMessage> sent = frames.stream().<TwilioMessage>map(codec::decodeFromTwilio).toList();
        assertThat(sent.get(0)).isEqualTo(new TwilioMessage.Connected("Call", "1.0.0"));
        assertThat(sent.get(1)).isInstanceOfSatisfying(TwilioMessage.Start.class, s -> {
            assertThat(s.sequenceNumber()).isEqualTo(1);
            assertThat(s.customParameters()).containsEntry("callId", "c_1");
            assertThat(s.callSid()).isEqualTo(call.callSid());
            assertThat(s.encoding()).isEqualTo("audio/x-mulaw");
        });
        assertThat(sent.get(2)).isInstanceOfSatisfying(TwilioMessage.Media.class, m -> {
            assertThat(m.sequenceNumber()).isEqualTo(2);
            assertThat(m.chunk()).isEqualTo(1);
            assertThat(m.timestamp()).isZero();
            assertThat(m.track()).isEqualTo("inbound");
        });
        assertThat(sent.get(3)).isEqualTo(new TwilioMessage.Dtmf(3, writer.streamSid(), "inbound_track", '5'));
        assertThat(sent.get(4)).isInstanceOfSatisfying(TwilioMessage.Media.class, m -> {
            assertThat(m.sequenceNumber()).isEqualTo(4);
            assertThat(m.chunk()).isEqualTo(2); // chunk counts media only
            assertThat(m.timestamp()).isEqualTo(20);
        });
        assertThat(sent.get(5)).isEqualTo(new TwilioMessage.Mark(5, writer.streamSid(), "m1"));
        assertThat(sent.get(6)).isEqualTo(new TwilioMessage.Stop(6, writer.streamSid(), call.accountSid(), call.callSid()));
    }

    @Test
    void sidsHaveTwiliosShape() {
        var random = new java.util.SplittableRandom(1);
        assertThat(TwilioSids.callSid(random)).matches("CA[0-9a-f]{32}");
        assertThat(TwilioSids.accountSid(random)).matches("AC[0-9a-f]{32}");
        assertThat(TwilioSids.streamSid(random)).matches("MZ[0-9a-f]{32}");
    }
}
