package dev.callbridge.recording;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code RECORDING_RETENTION_DAYS}: deletes finished recordings last written longer ago than that,
 * each noted on its call's record as deleted by {@code retention}. A recording is last written when
 * its call ends, so its age is the time since the call; an interpreted call's two files (party A's
 * and party B's) go together. {@link #sweep} blocks; the gateway runs it
 * at start-up and then every hour on a worker thread.
 */
public final class RecordingRetention {
    private static final Logger log = LoggerFactory.getLogger(RecordingRetention.class);
    public static final Duration SWEEP_EVERY = Duration.ofHours(1);
    private static final String WAV = ".wav";

    private final RecordingFiles files;
    private final RecordingDeletion deletion;
    private final Duration keep;
    private final Clock clock;

    public RecordingRetention(RecordingFiles files, RecordingDeletion deletion, Duration keep, Clock clock) {
        this.files = files;
        this.deletion = deletion;
        this.keep = keep;
        this.clock = clock;
    }

    /** Deletes every recording older than the retention; returns how many went. A failure on one does not stop the rest. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(keep);
        int deleted = 0;
        Set<String> swept = new HashSet<>();
        try (DirectoryStream<Path> wavs = Files.newDirectoryStream(files.dir(), "*" + WAV)) {
            for (Path wav : wavs) {
                String callId = RecordingFiles.callIdOf(wav);
                if (callId == null || swept.contains(callId)) continue;
                try {
                    if (Files.getLastModifiedTime(wav).toInstant().isBefore(cutoff)
                            && deletion.delete(callId, RecordingDeletion.BY_RETENTION).isPresent()) {
                        swept.add(callId);
                        deleted++;
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("retention: could not delete the recording of call {}: {}", callId, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("retention: cannot list {}: {}", files.dir(), e.toString());
        }
        if (deleted > 0) log.info("retention: deleted {} recordings older than {} days", deleted, keep.toDays());
        return deleted;
    }
}
