package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The stream's query says the leg's audio as it is, asks for interim, punctuated, formatted results, and carries the language. */
class ListenCodecUrlTest {
    private static final URI BASE = URI.create("wss://api.deepgram.com/v1/listen");

    @Test
    void mulawWithALanguage() {
        assertThat(ListenCodec.url(BASE, "nova-3", AudioFormat.PCMU_8K, "en-GB")).hasToString("wss://api.deepgram.com/v1/listen?model=nova-3"
                + "&encoding=mulaw&sample_rate=8000&channels=1&interim_results=true&punctuate=true&smart_format=true&language=en-GB");
    }

    @Test
    void linear16AtTheLegsRateAndMultiWhenUnknown() {
        assertThat(ListenCodec.url(BASE, "nova-3", AudioFormat.L16_16K, null).toString())
                .contains("encoding=linear16&sample_rate=16000").endsWith("&language=multi");
        assertThat(ListenCodec.url(BASE, "nova-2-phonecall", AudioFormat.PCMA_8K, null).toString())
                .contains("encoding=alaw&sample_rate=8000").doesNotContain("language");
    }

    @Test
    void valuesAreEscapedAndAnExistingQueryKept() {
        assertThat(ListenCodec.url(URI.create("ws://dg.local:8080/v1/listen?tag=a"), "custom model/1", AudioFormat.PCMU_8K, "en").toString())
                .startsWith("ws://dg.local:8080/v1/listen?tag=a&model=custom+model%2F1&");
    }
}
