package dev.callbridge.engine.openai;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one fake Realtime session received and sent, in the order it happened (okhttp's
 * FakeRoutePlanner style): {@code "← session.update"} for a client event, {@code "→ session.updated"}
 * for a server event, each with its parsed JSON. Written on the session's event loop, read from
 * any test thread; the list is copy-on-write so a reader always sees a consistent prefix.
 *
 * <p>When audio recording is off (benchmarks), {@code input_audio_buffer.append} and
 * {@code response.output_audio.delta} are only counted, so a long load test does not hold every
 * frame in memory.
 */
final class RealtimeTimeline {
    static final String RECEIVED = "← ";
    static final String SENT = "→ ";

    record Entry(String line, JsonObject json) {
        String type() {
            return line.substring(2);
        }

        boolean sent() {
            return line.startsWith(SENT);
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final boolean recordAudio;
    private final AtomicLong appendsReceived = new AtomicLong();
    private final AtomicLong audioDeltasSent = new AtomicLong();

    RealtimeTimeline(boolean recordAudio) {
        this.recordAudio = recordAudio;
    }

    boolean recordsAudio() {
        return recordAudio;
    }

    /** @param json the parsed event; may be null only for audio events when audio is not recorded */
    void received(String type, JsonObject json) {
        if (type.equals("input_audio_buffer.append")) {
            appendsReceived.incrementAndGet();
            if (!recordAudio) return;
        }
        entries.add(new Entry(RECEIVED + type, json));
    }

    void sent(String type, JsonObject json) {
        if (type.equals("response.output_audio.delta")) {
            audioDeltasSent.incrementAndGet();
            if (!recordAudio) return;
        }
        entries.add(new Entry(SENT + type, json));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) out.add(e.line());
        return out;
    }

    /** Lines of server events only, as a client would have seen them. */
    List<String> sentLines() {
        return entries.stream().filter(Entry::sent).map(Entry::line).toList();
    }

    /** Every recorded event (either direction) of one type, oldest first. */
    List<JsonObject> all(String type) {
        return entries.stream().filter(e -> e.type().equals(type)).map(Entry::json).toList();
    }

    long appendsReceived() {
        return appendsReceived.get();
    }

    long audioDeltasSent() {
        return audioDeltasSent.get();
    }
}
