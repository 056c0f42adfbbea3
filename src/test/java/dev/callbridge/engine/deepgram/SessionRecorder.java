package dev.callbridge.engine.deepgram;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a session reports, in order, and whether each callback ran on the context that opened it. */
final class SessionRecorder implements SpeechToText.Listener {
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<String> wrongContext = new CopyOnWriteArrayList<>();
    private final Context expected;

    SessionRecorder(Context expected) {
        this.expected = expected;
    }

    @Override
    public void onPartial(String text) {
        check("onPartial");
        events.add(text);
    }

    @Override
    public void onFinal(Transcript transcript) {
        check("onFinal");
        events.add(transcript);
    }

    @Override
    public void onFailure(EngineFailure failure) {
        check("onFailure");
        events.add(failure);
    }

    List<String> partials() {
        return events.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** The one answer (a final or a failure), or null while there is none. */
    Object answer() {
        return events.stream().filter(e -> !(e instanceof String)).findFirst().orElse(null);
    }

    long answers() {
        return events.stream().filter(e -> !(e instanceof String)).count();
    }

    Transcript transcript() {
        return (Transcript) answer();
    }

    EngineFailure failure() {
        return (EngineFailure) answer();
    }

    private void check(String what) {
        if (Vertx.currentContext() != expected) wrongContext.add(what);
    }
}
