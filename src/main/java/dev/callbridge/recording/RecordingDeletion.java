package dev.callbridge.recording;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Interpretation.Side;
import dev.callbridge.call.Recording;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Removes a call's finished recording and says so on the call's record: the record keeps what the
 * recording was, plus when and by whom ({@code api}, {@code retention}) it was deleted. An
 * interpreted call's two files (party A's and party B's) go together. Blocking (file and store
 * I/O): worker threads only.
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

    /** Deletes the call's finished recording (both parties'); empty if it had none. Returns the record's new {@code recording}. */
    public Optional<Recording> delete(String callId, String by) throws IOException {
        Optional<Path> a = files.finished(callId, Side.A);
        Optional<Path> b = files.finished(callId, Side.B);
        if (a.isEmpty() && b.isEmpty()) return Optional.empty();
        // The record's summary says whether it was complete; files without one are described from themselves.
        Optional<Recording> summary = store.find(callId).map(CallRecord::recording).filter(Objects::nonNull);
        Recording was = summary.isPresent() ? summary.get() : describe(a, b);
        boolean deletedA = files.delete(callId, Side.A);
        boolean deletedB = files.delete(callId, Side.B);
        if (!deletedA && !deletedB) return Optional.empty(); // deleted meanwhile by the other path
        Recording now = was.deleted(clock.instant(), by);
        publish.accept(new CallEvent.RecordingChanged(callId, now, clock.instant()));
        return Optional.of(now);
    }

    private static Recording describe(Optional<Path> a, Optional<Path> b) throws IOException {
        // Party A's file is missing only if it could not be written at all.
        Recording described = a.isPresent() ? RecordingFiles.describe(a.get()) : Recording.incomplete(0, 0, Recording.WRITE_ERROR);
        return b.isPresent() ? described.withPartyB(RecordingFiles.describe(b.get())) : described;
    }
}
