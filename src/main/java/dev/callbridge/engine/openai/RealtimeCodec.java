package dev.callbridge.engine.openai;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * OpenAI Realtime (GA) text frames ⇄ events (protocols/openai-realtime.md). Pure and stateless,
 * so one instance may be shared by every call and event loop. Decoding runs for every audio
 * chunk the model sends and encoding for every 20 ms of caller audio: about 2 µs to decode a
 * 100 ms μ-law delta and under 1 µs to encode a 20 ms append (see {@code RealtimeCodecBenchmark}).
 *
 * <p>Unknown event types decode to {@link RealtimeServerEvent.Other}, never an error. Every
 * malformed input ends in {@link RealtimeProtocolException}, never another exception; a
 * {@code null} argument is a programming error and throws {@link NullPointerException}.
 */
public final class RealtimeCodec {

    /** @throws RealtimeProtocolException when the frame is not JSON, or a known event lacks what it needs */
    public RealtimeServerEvent decode(String json) {
        return ServerEventReader.read(Objects.requireNonNull(json, "json"));
    }

    /** One JSON text frame in the GA shape. */
    public String encode(RealtimeClientEvent event) {
        return new String(encodeUtf8(event), StandardCharsets.UTF_8);
    }

    /** The same frame as UTF-8 bytes, ready to go out as a text frame's payload. */
    public byte[] encodeUtf8(RealtimeClientEvent event) {
        return ClientEventWriter.write(Objects.requireNonNull(event, "event"));
    }
}
