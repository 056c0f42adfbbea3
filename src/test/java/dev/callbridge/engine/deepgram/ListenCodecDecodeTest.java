package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec reads each server message as docs/protocols/deepgram-listen.md §3 shows it, defaults absent flags to false, and refuses what it cannot read with the field named. */
class ListenCodecDecodeTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = ListenCodecDecodeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void interimResults() throws Exception {
        assertThat(ListenCodec.decode(fixture("results.interim.json")))
                .isEqualTo(new ListenMessage.Results("another big", false, false, false, 0.0, 1.02, null));
    }

    @Test
    void finalResultsWithALanguage() throws Exception {
        assertThat(ListenCodec.decode(fixture("results.final.multi.json")))
                .isEqualTo(new ListenMessage.Results("Wie spät ist es?", true, true, true, 1.02, 1.98, "de"));
    }

    @Test
    void optionalFieldsAbsent() throws Exception {
        assertThat(ListenCodec.decode(fixture("results.minimal.json")))
                .isEqualTo(new ListenMessage.Results("", false, false, false, 0.0, 0.5, null));
        assertThat(ListenCodec.decode("{\"type\":\"Results\",\"channel\":{\"alternatives\":[]}}"))
                .isEqualTo(new ListenMessage.Results("", false, false, false, 0, 0, null));
    }

    @Test
    void theOtherMessages() throws Exception {
        assertThat(ListenCodec.decode(fixture("metadata.json")))
                .isEqualTo(new ListenMessage.Metadata("8c8ebea9-dbec-45fa-a035-e4632cb05b5f", 3.0));
        assertThat(ListenCodec.decode(fixture("utterance_end.json"))).isEqualTo(new ListenMessage.UtteranceEnd(2.395));
        assertThat(ListenCodec.decode(fixture("speech_started.json"))).isEqualTo(new ListenMessage.SpeechStarted(0.12));
        assertThat(ListenCodec.decode("{\"type\":\"Warning\",\"description\":\"new\"}")).isEqualTo(new ListenMessage.Unknown("Warning"));
    }

    @Test
    void unreadableMessagesNameWhatIsWrong() {
        assertThatThrownBy(() -> ListenCodec.decode("not json")).isInstanceOf(ListenProtocolException.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> ListenCodec.decode("[1,2]")).hasMessageStartingWith("not a JSON object");
        assertThatThrownBy(() -> ListenCodec.decode("{\"channel\":{}}")).hasMessageStartingWith("a message without a type");
        assertThatThrownBy(() -> ListenCodec.decode("{\"type\":\"Results\"}")).hasMessage("Results: channel is missing");
        assertThatThrownBy(() -> ListenCodec.decode("{\"type\":\"Results\",\"channel\":{}}")).hasMessage("Results: channel.alternatives is missing");
        assertThatThrownBy(() -> ListenCodec.decode("{\"type\":\"Results\",\"channel\":{\"alternatives\":[{\"confidence\":1}]}}"))
                .hasMessage("Results: channel.alternatives[0].transcript is missing");
        assertThatThrownBy(() -> ListenCodec.decode("{\"type\":\"Results\",\"is_final\":\"yes\",\"channel\":{\"alternatives\":[]}}"))
                .hasMessage("is_final is not a boolean: \"yes\"");
    }

    @Test
    void anyMangledMessageIsReadOrRefusedNeverThrownOtherwise() throws Exception {
        String[] seeds = {fixture("results.interim.json"), fixture("results.final.multi.json"), fixture("metadata.json")};
        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            char[] text = seeds[i % seeds.length].toCharArray();
            for (int n = 1 + random.nextInt(4); n > 0; n--) text[random.nextInt(text.length)] = (char) (32 + random.nextInt(95));
            String mangled = random.nextInt(10) == 0 ? new String(text, 0, random.nextInt(text.length)) : new String(text);
            try {
                if (ListenCodec.decode(mangled) == null) throw new AssertionError("null for " + mangled);
            } catch (ListenProtocolException expected) {
                if (expected.getMessage().isBlank() || expected.getMessage().contains("\n")) throw new AssertionError(expected.getMessage());
            }
        }
    }
}
