package dev.callbridge.agent.interpreter;

import dev.callbridge.call.CallStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One direction's figures for the call's record; every latency is kept, so the median is exact. On the call's context. */
final class DirectionTally {
    private final List<Long> firstAudioNanos = new ArrayList<>();
    private final List<Long> translateNanos = new ArrayList<>();
    private final InterpreterMetrics shared;
    private int interrupted;

    DirectionTally(InterpreterMetrics shared) {
        this.shared = shared;
    }

    /** The first interpreted audio of a turn, {@code nanos} after its speaker stopped; the shares are its first piece's. */
    void firstAudio(long nanos, long sttNanos, long translateNanos, long ttsNanos) {
        firstAudioNanos.add(nanos);
        shared.firstAudio(nanos);
        shared.turn(sttNanos, translateNanos, ttsNanos, nanos);
    }

    void translated(long nanos) {
        translateNanos.add(nanos);
        shared.translated(nanos);
    }

    void interrupted() {
        interrupted++;
    }

    CallStats.Direction snapshot() {
        return new CallStats.Direction(firstAudioNanos.size(), medianMs(firstAudioNanos), maxMs(firstAudioNanos),
                medianMs(translateNanos), interrupted);
    }

    private static Long medianMs(List<Long> nanos) {
        if (nanos.isEmpty()) return null;
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1_000_000;
    }

    private static Long maxMs(List<Long> nanos) {
        return nanos.isEmpty() ? null : Collections.max(nanos) / 1_000_000;
    }
}
