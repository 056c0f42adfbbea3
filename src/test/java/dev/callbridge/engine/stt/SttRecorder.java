package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a session reports, and whether each callback ran on the context that opened it. Shared by every engine's tests. */
public final class SttRecorder implements SpeechToText.Listener {
    public final List<Object> events = new CopyOnWriteArrayList<>();
    public final List<String> wrongContext = new CopyOnWriteArrayList<>();
    private final Context expected;

    public SttRecorder(Context expected) {
        this.expected = expected;
    }

    @Override
    public void onPartial(String text) {
        check("onPartial");
        events.add("partial:" + text);
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

    public Transcript transcript() {
        return (Transcript) events.getFirst();
    }

    public EngineFailure failure() {
        return (EngineFailure) events.getFirst();
    }

    private void check(String what) {
        if (Vertx.currentContext() != expected) wrongContext.add(what);
    }
}
