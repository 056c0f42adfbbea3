package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.DtmfTones;
import dev.callbridge.call.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key pressed by one party reaches the other through the agent: Media Streams has no DTMF
 * message towards the phone, so the party hears the digit's tones in-band, exactly as the
 * gateway makes them.
 */
class DtmfCrossesBetweenTheTwoPartiesTest {
    @TempDir
    Path dir;

    @Test
    void digitsGoBothWays() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                TwilioPartyStream b = rig.twilio.answered(InterpretedCallRig.B);
                agent.awaitB(Duration.ofSeconds(10));

                b.dtmf('5');
                List<String> five = DtmfTones.ulawFrames("5").stream().map(f -> Base64.getEncoder().encodeToString(f)).toList();
                await().atMost(Duration.ofSeconds(5)).until(() -> five.stream().allMatch(p -> a.received.stream().anyMatch(m -> m.contains(p))));

                a.dtmf(30, '#');
                byte[] tones = concat(DtmfTones.ulawFrames("#"));
                await().atMost(Duration.ofSeconds(5)).until(() -> indexOf(b.heardAudio(), tones) >= 0);
                assertThat(agent.dtmf).containsExactly("b5", "a#");
            }
        }
    }

    private static byte[] concat(List<byte[]> frames) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
