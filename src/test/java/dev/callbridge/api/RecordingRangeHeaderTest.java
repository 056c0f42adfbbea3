package dev.callbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code Range} on a 1000-byte recording, as RFC 9110 §14 reads it, single ranges only. */
class RecordingRangeHeaderTest {
    private static ByteRange of(String header) {
        return ByteRange.of(header, 1000);
    }

    @Test
    void closedOpenAndSuffixRanges() {
        assertThat(of("bytes=0-99")).isEqualTo(new ByteRange.Part(0, 99));
        assertThat(of("bytes=500-")).isEqualTo(new ByteRange.Part(500, 999));
        assertThat(of("bytes=-100")).isEqualTo(new ByteRange.Part(900, 999));
        assertThat(of("bytes=990-5000")).as("an end past the file is the file's end").isEqualTo(new ByteRange.Part(990, 999));
        assertThat(of("bytes=-5000")).as("a suffix longer than the file is all of it").isEqualTo(new ByteRange.Part(0, 999));
        assertThat(of("Bytes = 7 - 7")).isEqualTo(new ByteRange.Part(7, 7));
        assertThat(((ByteRange.Part) of("bytes=0-99")).contentRange(1000)).isEqualTo("bytes 0-99/1000");
    }

    @Test
    void unsatisfiableRanges() {
        assertThat(of("bytes=1000-")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(of("bytes=5000-6000")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(of("bytes=-0")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void headersThisServerDoesNotServeAreIgnoredForTheWholeFile() {
        assertThat(of(null)).isInstanceOf(ByteRange.Whole.class);
        assertThat(of("bytes=0-1,5-6")).as("several ranges").isInstanceOf(ByteRange.Whole.class);
        assertThat(of("items=0-1")).as("another unit").isInstanceOf(ByteRange.Whole.class);
        assertThat(of("bytes=9-3")).as("last before first").isInstanceOf(ByteRange.Whole.class);
        assertThat(of("bytes=-")).isInstanceOf(ByteRange.Whole.class);
        assertThat(of("bytes=abc")).isInstanceOf(ByteRange.Whole.class);
        assertThat(of("bytes=99999999999999999999-")).as("beyond a long").isInstanceOf(ByteRange.Whole.class);
    }
}
