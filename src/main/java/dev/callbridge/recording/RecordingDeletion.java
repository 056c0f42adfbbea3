package dev.callbridge.recording;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Recording;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Removes a finished recording and says so on the call's record: the record keeps what the
 * recording was, plus when and by whom ({@code api}, {@code retention}) it was deleted. Blocking
 * (file and store I/O): worker threads only.
 */
public final class RecordingDeletion {
    public static final String BY_API = "api";
    public static final String BY_RETENTION = "retention";

    private final RecordingFiles files;
    private final CallStore store;
    private final Consumer<CallEvent> publish;
    private final Clock clock;

    public RecordingDeletion(RecordingFiles files, CallStore store, Consumer<CallEvent> publish, Clock clock) {
        this.files = files;
        this.store = store;
        this.publish = publish;
        this.clock = clock;
    }

    /** Deletes the call's finished recording; empty if it had none. Returns the record's new {@code recording}. */
    public Optional<Recording> delete(String callId, String by) throws IOException {
        Optional<Path> file = files.finished(callId);
        if (file.isEmpty()) return Optional.empty();
        // The record's summary says whether it was complete; a file without one is described from itself.
        Recording was = store.find(callId).map(CallRecord::recording).filter(Objects::nonNull)
                .orElse(RecordingFiles.describe(file.get()));
        if (!files.delete(callId)) return Optional.empty(); // deleted meanwhile by the other path
        Recording now = was.deleted(clock.instant(), by);
        publish.accept(new CallEvent.RecordingChanged(callId, now, clock.instant()));
        return Optional.of(now);
    }
}
