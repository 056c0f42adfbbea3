package dev.callbridge.api;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Interpretation.Side;
import dev.callbridge.call.Recording;
import dev.callbridge.recording.RecordingDeletion;
import dev.callbridge.recording.RecordingFiles;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET} and {@code DELETE /api/calls/{id}/recording}. The WAV is served with {@code Range}
 * support, so a browser's {@code <audio>} can seek in it. An interpreted call's second party has a
 * file of its own, served with {@code ?party=b} ({@code a}, the default, is the call's own); a
 * {@code DELETE} removes both. Both run as blocking handlers (file and store look-ups); the file
 * itself is sent by Vert.x without a worker.
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
        Side party = party(rc);
        Path file = files.finished(id, party).orElseThrow(() -> missing(id, party));
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw missing(id, party); // deleted between the look-up and now
        }
        ByteRange range = ByteRange.of(rc.request().getHeader("Range"), length);
        HttpServerResponse response = rc.response().putHeader("Accept-Ranges", "bytes");
        if (range instanceof ByteRange.Unsatisfiable) {
            response.putHeader("Content-Range", "bytes */" + length);
            throw new ApiError(416, "range_not_satisfiable", "Range " + rc.request().getHeader("Range")
                    + " is outside the recording's " + length + " bytes");
        }
        response.putHeader("Content-Type", "audio/wav").putHeader("Content-Disposition", "inline; filename=\"" + id + (party == Side.B ? ".b" : "") + ".wav\"");
        if (range instanceof ByteRange.Part p) {
            response.setStatusCode(206).putHeader("Content-Range", p.contentRange(length)).sendFile(file.toString(), p.first(), p.length());
        } else {
            response.setStatusCode(200).sendFile(file.toString());
        }
    }

    public void delete(RoutingContext rc) {
        String id = rc.pathParam("id");
        // One party's file alone is never deleted: a client asking for that must not lose the other's silently.
        if (!rc.queryParam("party").isEmpty()) {
            throw ApiError.badRequest("party: DELETE removes the recordings of both parties; leave party out");
        }
        Optional<Recording> deleted;
        try {
            deleted = deletion.delete(id, RecordingDeletion.BY_API);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the recording of call " + id + " failed", e);
        }
        if (deleted.isEmpty()) throw missing(id, Side.A);
        rc.response().setStatusCode(204).end();
    }

    /** {@code ?party=}: a or b, a when absent. */
    private static Side party(RoutingContext rc) {
        List<String> given = rc.queryParam("party");
        if (given.isEmpty()) return Side.A;
        if (given.size() == 1 && (given.get(0).equals("a") || given.get(0).equals("b"))) return Side.fromWire(given.get(0));
        throw ApiError.badRequest("party: must be a or b");
    }

    /** Why there is no file to act on, as precisely as the record says. */
    private ApiError missing(String id, Side party) {
        Optional<CallRecord> call = registry.find(id).map(c -> c.record()).or(() -> store.find(id));
        if (party == Side.B && call.isPresent() && call.get().interpreter() == null) {
            return ApiError.notFound("call " + id + " has no party b: it is not an interpreted call");
        }
        String whose = party == Side.B ? "party b's recording" : "the recording";
        // B's file opens only when B joins; until the call ends, the call's recording as a whole is not ready.
        if (files.inProgress(id, party) || files.inProgress(id, Side.A)) {
            return ApiError.conflict(whose + " of call " + id + " is still being written; it is ready when the call ends");
        }
        if (call.isEmpty()) return ApiError.notFound("call " + id + " not found");
        Recording r = call.get().recording();
        if (r != null && r.isDeleted()) {
            return ApiError.notFound("the recording of call " + id + " was deleted (" + r.deletedBy() + ", " + r.deletedAt() + ")");
        }
        return ApiError.notFound("call " + id + " has no " + (party == Side.B ? "recording of party b" : "recording"));
    }
}
