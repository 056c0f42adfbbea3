package dev.callbridge.recording;

import dev.callbridge.call.Interpretation.Side;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings folder, {@code DATA_DIR/recordings}: {@code <callId>.wav} for a finished
 * recording, {@code <callId>.wav.part} while one is being written. An interpreted call's second
 * party has a file of its own beside it, {@code <callId>.b.wav} ({@code .b.wav.part}); the dot
 * keeps it from ever being read as another call's id. A {@code .part} left behind by a process
 * that died is repaired at the next start ({@link #repairInterrupted}). Every method does file
 * I/O: worker threads and the recording writer only, never an event loop.
 */
public final class RecordingFiles {
    private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);
    private static final String WAV = ".wav";
    private static final String PART = ".wav.part";
    /** What party B's file names add to the call id. */
    private static final String PARTY_B = ".b";
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

    /** The finished recording of a call (party A's, the only one of a plain call), if there is one. */
    public Optional<Path> finished(String callId) {
        return finished(callId, Side.A);
    }

    /** The finished recording of one party of a call, if there is one. */
    public Optional<Path> finished(String callId, Side party) {
        if (!CALL_ID.matcher(callId).matches()) return Optional.empty();
        Path file = dir.resolve(baseName(callId, party) + WAV);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** True while the call's recording (party A's) is still being written. */
    public boolean inProgress(String callId) {
        return inProgress(callId, Side.A);
    }

    /** True while one party's recording of the call is still being written. */
    public boolean inProgress(String callId, Side party) {
        return CALL_ID.matcher(callId).matches() && Files.exists(dir.resolve(baseName(callId, party) + PART));
    }

    Path partial(String callId, Side party) {
        if (!CALL_ID.matcher(callId).matches()) throw new IllegalArgumentException("not a call id: " + callId);
        return dir.resolve(baseName(callId, party) + PART);
    }

    /** A finished recording gets its final name; from then on it is served and may be deleted. */
    void finish(Path partial, String callId, Side party) throws IOException {
        Files.move(partial, dir.resolve(baseName(callId, party) + WAV), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes one party's finished recording of a call; false if there was none. */
    public boolean delete(String callId, Side party) throws IOException {
        Optional<Path> file = finished(callId, party);
        return file.isPresent() && Files.deleteIfExists(file.get());
    }

    /** The call a finished recording ({@code <callId>.wav} or {@code <callId>.b.wav}) belongs to; null for any other name. */
    static String callIdOf(Path wav) {
        String name = wav.getFileName().toString();
        if (!name.endsWith(WAV)) return null;
        String base = name.substring(0, name.length() - WAV.length());
        String callId = base.endsWith(PARTY_B) ? base.substring(0, base.length() - PARTY_B.length()) : base;
        return CALL_ID.matcher(callId).matches() ? callId : null;
    }

    private static String baseName(String callId, Side party) {
        return party == Side.B ? callId + PARTY_B : callId;
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
     * file gets its final name. A file too short to have a header is removed. One {@link Repaired}
     * per call, party B's recording (repaired, or already finished) beside A's. Run at start-up,
     * before calls are taken.
     */
    public List<Repaired> repairInterrupted() throws IOException {
        Map<String, Recording[]> byCall = new LinkedHashMap<>(); // call id → {A's, B's}
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART)) {
            for (Path part : parts) {
                String name = part.getFileName().toString();
                String base = name.substring(0, name.length() - PART.length());
                Side party = base.endsWith(PARTY_B) ? Side.B : Side.A;
                String callId = party == Side.B ? base.substring(0, base.length() - PARTY_B.length()) : base;
                if (!CALL_ID.matcher(callId).matches()) continue; // not ours
                byCall.computeIfAbsent(callId, id -> new Recording[2])[party.ordinal()] = repair(part, callId, party);
            }
        }
        List<Repaired> repaired = new ArrayList<>();
        for (Map.Entry<String, Recording[]> e : byCall.entrySet()) {
            String callId = e.getKey();
            // The process may have died between the two renames: the other party's file is then finished already.
            Recording a = e.getValue()[0] != null ? e.getValue()[0] : describeFinished(callId, Side.A);
            Recording b = e.getValue()[1] != null ? e.getValue()[1] : describeFinished(callId, Side.B);
            if (a == null) a = Recording.incomplete(0, 0, Recording.INTERRUPTED);
            repaired.add(new Repaired(callId, b == null ? a : a.withPartyB(b)));
        }
        return repaired;
    }

    private Recording describeFinished(String callId, Side party) throws IOException {
        Optional<Path> file = finished(callId, party);
        return file.isPresent() ? describe(file.get()) : null;
    }

    private Recording repair(Path part, String callId, Side party) throws IOException {
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
            log.warn("recording of call {} (party {}) was interrupted before it held any audio; removed", callId, party.wireName());
            return Recording.incomplete(0, 0, Recording.INTERRUPTED);
        }
        finish(part, callId, party);
        Recording r = Recording.incomplete(StereoWav.durationMs(data, rate), StereoWav.HEADER_BYTES + data, Recording.INTERRUPTED);
        log.info("recording of call {} (party {}) was interrupted; repaired, {} ms kept", callId, party.wireName(), r.durationMs());
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
