package dev.callbridge.api;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Recording;
import dev.callbridge.recording.RecordingDeletion;
import dev.callbridge.recording.RecordingFiles;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code GET} and {@code DELETE /api/calls/{id}/recording}. The WAV is served with {@code Range}
 * support, so a browser's {@code <audio>} can seek in it. Both run as blocking handlers (file and
 * store look-ups); the file itself is sent by Vert.x without a worker.
 */
public final class RecordingApi {
    private final RecordingFiles files;
    private final RecordingDeletion deletion;
    private final CallRegistry registry;
    private final CallStore store;

    public RecordingApi(RecordingFiles files, RecordingDeletion deletion, CallRegistry registry, CallStore store) {
        this.files = files;
        this.deletion = deletion;
        this.registry = registry;
        this.store = store;
    }

    public void get(RoutingContext rc) {
        String id = rc.pathParam("id");
        Path file = files.finished(id).orElseThrow(() -> missing(id));
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw missing(id); // deleted between the look-up and now
        }
        ByteRange range = ByteRange.of(rc.request().getHeader("Range"), length);
        HttpServerResponse response = rc.response().putHeader("Accept-Ranges", "bytes");
        if (range instanceof ByteRange.Unsatisfiable) {
            response.putHeader("Content-Range", "bytes */" + length);
            throw new ApiError(416, "range_not_satisfiable", "Range " + rc.request().getHeader("Range")
                    + " is outside the recording's " + length + " bytes");
        }
        response.putHeader("Content-Type", "audio/wav").putHeader("Content-Disposition", "inline; filename=\"" + id + ".wav\"");
        if (range instanceof ByteRange.Part p) {
            response.setStatusCode(206).putHeader("Content-Range", p.contentRange(length)).sendFile(file.toString(), p.first(), p.length());
        } else {
            response.setStatusCode(200).sendFile(file.toString());
        }
    }

    public void delete(RoutingContext rc) {
        String id = rc.pathParam("id");
        Optional<Recording> deleted;
        try {
            deleted = deletion.delete(id, RecordingDeletion.BY_API);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the recording of call " + id + " failed", e);
        }
        if (deleted.isEmpty()) throw missing(id);
        rc.response().setStatusCode(204).end();
    }

    /** Why there is no file to act on, as precisely as the record says. */
    private ApiError missing(String id) {
        if (files.inProgress(id)) {
            return ApiError.conflict("the recording of call " + id + " is still being written; it is ready when the call ends");
        }
        Optional<CallRecord> call = registry.find(id).map(c -> c.record()).or(() -> store.find(id));
        if (call.isEmpty()) return ApiError.notFound("call " + id + " not found");
        Recording r = call.get().recording();
        if (r != null && r.isDeleted()) {
            return ApiError.notFound("the recording of call " + id + " was deleted (" + r.deletedBy() + ", " + r.deletedAt() + ")");
        }
        return ApiError.notFound("call " + id + " has no recording");
    }
}
