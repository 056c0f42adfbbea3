package dev.callbridge.recording;

import dev.callbridge.call.Recording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings folder, {@code DATA_DIR/recordings}: {@code <callId>.wav} for a finished
 * recording, {@code <callId>.wav.part} while one is being written. A {@code .part} left behind by
 * a process that died is repaired at the next start ({@link #repairInterrupted}). Every method
 * does file I/O: worker threads and the recording writer only, never an event loop.
 */
public final class RecordingFiles {
    private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);
    private static final String WAV = ".wav";
    private static final String PART = ".wav.part";
    /** Call ids are {@code c_} and hex; anything else in a request path is never a file name. */
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path dir;

    public RecordingFiles(Path dir) {
        this.dir = dir;
    }

    /** {@code dataDir/recordings}, created if missing. */
    public static RecordingFiles under(Path dataDir) {
        Path dir = dataDir.resolve("recordings");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new RecordingFiles(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The finished recording of a call, if there is one. */
    public Optional<Path> finished(String callId) {
        if (!CALL_ID.matcher(callId).matches()) return Optional.empty();
        Path file = dir.resolve(callId + WAV);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** True while the call's recording is still being written. */
    public boolean inProgress(String callId) {
        return CALL_ID.matcher(callId).matches() && Files.exists(dir.resolve(callId + PART));
    }

    Path partial(String callId) {
        if (!CALL_ID.matcher(callId).matches()) throw new IllegalArgumentException("not a call id: " + callId);
        return dir.resolve(callId + PART);
    }

    /** A finished recording gets its final name; from then on it is served and may be deleted. */
    void finish(Path partial, String callId) throws IOException {
        Files.move(partial, dir.resolve(callId + WAV), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a call's finished recording; false if there was none. */
    public boolean delete(String callId) throws IOException {
        Optional<Path> file = finished(callId);
        return file.isPresent() && Files.deleteIfExists(file.get());
    }

    /** What a finished file holds, from its header and length, for a record that has no summary of it. */
    public static Recording describe(Path wav) throws IOException {
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.READ)) {
            int rate = StereoWav.sampleRateOf(readHeader(ch));
            long data = StereoWav.dataBytesIn(ch.size());
            return Recording.complete(rate > 0 ? StereoWav.durationMs(data, rate) : 0, ch.size());
        }
    }

    /** A recording the previous process did not finish, now repaired and under its final name. */
    public record Repaired(String callId, Recording recording) {}

    /**
     * Makes every {@code .part} left by a process that died into a valid WAV of everything it
     * holds: the header's sizes are rewritten from the file's length (cut to whole frames), and the
     * file gets its final name. A file too short to have a header is removed. Run at start-up,
     * before calls are taken.
     */
    public List<Repaired> repairInterrupted() throws IOException {
        List<Repaired> repaired = new ArrayList<>();
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART)) {
            for (Path part : parts) {
                String name = part.getFileName().toString();
                String callId = name.substring(0, name.length() - PART.length());
                repaired.add(new Repaired(callId, repair(part, callId)));
            }
        }
        return repaired;
    }

    private Recording repair(Path part, String callId) throws IOException {
        int rate;
        long data;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            rate = StereoWav.sampleRateOf(readHeader(ch));
            data = StereoWav.dataBytesIn(ch.size());
            if (rate > 0) {
                ch.truncate(StereoWav.HEADER_BYTES + data);
                ByteBuffer fixed = StereoWav.header(rate, data);
                while (fixed.hasRemaining()) ch.write(fixed, fixed.position());
            }
        }
        if (rate <= 0) {
            Files.delete(part);
            log.warn("recording of call {} was interrupted before it held any audio; removed", callId);
            return Recording.incomplete(0, 0, Recording.INTERRUPTED);
        }
        finish(part, callId);
        Recording r = Recording.incomplete(StereoWav.durationMs(data, rate), StereoWav.HEADER_BYTES + data, Recording.INTERRUPTED);
        log.info("recording of call {} was interrupted; repaired, {} ms kept", callId, r.durationMs());
        return r;
    }

    /** As much of the first {@link StereoWav#HEADER_BYTES} as the file has. */
    private static ByteBuffer readHeader(FileChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(StereoWav.HEADER_BYTES);
        while (header.hasRemaining() && ch.read(header, header.position()) > 0) {
            // each read moves the buffer's position on
        }
        return header.flip();
    }
}
