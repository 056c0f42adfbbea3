package dev.callbridge.engine.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart/form-data encoder, byte for byte, and the strict parser of the fake agreeing with it. */
class MultipartFormEncodingTest {

    @Test
    void byteForByte() {
        byte[] file = {'R', 'I', 'F', 'F', 0, (byte) 0xFF, '\r', '\n'};
        MultipartForm.Encoded e = new MultipartForm().file("file", "utterance.wav", "audio/wav", file)
                .field("model", "whisper-1").field("language", "es").encode("XyZ");
        assertThat(e.contentType()).isEqualTo("multipart/form-data; boundary=XyZ");
        byte[] expected = concat(
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n",
                file,
                "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                        + "--XyZ\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nes\r\n--XyZ--\r\n");
        assertThat(e.body()).isEqualTo(expected);
    }

    @Test
    void randomBoundaryRoundTripsThroughTheStrictParser() {
        byte[] file = Tones.pcm16(8000, 100);
        MultipartForm.Encoded e = new MultipartForm().file("file", "a.wav", "audio/wav", file).field("model", "m é").encode();
        List<String> violations = new ArrayList<>();
        var parts = FakeTranscriptions.parse(e.contentType(), e.body(), violations);
        assertThat(violations).isEmpty();
        assertThat(parts.get("file").content).isEqualTo(file);
        assertThat(new String(parts.get("model").content, StandardCharsets.UTF_8)).isEqualTo("m é");
    }

    @Test
    void refusesABoundaryInTheContentAndUnsafeNames() {
        MultipartForm form = new MultipartForm().field("model", "a--XyZb");
        assertThatThrownBy(() -> form.encode("XyZ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(form.encode().body()).isNotEmpty();
        assertThatThrownBy(() -> new MultipartForm().field("a\"; x=\"", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultipartForm().file("file", "a\r\n.wav", "audio/wav", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.US_ASCII);
        byte[] z = c.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }
}
