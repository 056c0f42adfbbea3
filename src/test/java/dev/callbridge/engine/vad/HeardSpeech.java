package dev.callbridge.engine.vad;

import dev.callbridge.audio.AudioChunk;
import java.util.ArrayList;
import java.util.List;

/** Feeds frames to a {@link VoiceActivity} and keeps what it reported, with the stream time each report came at. */
final class HeardSpeech {
    /** An event, and the stream time (ms accepted) when the detector reported it. */
    record Report(SpeechEvent event, long reportedAtMs) {}

    private final List<SpeechEvent> pending = new ArrayList<>();
    private final List<Report> reports = new ArrayList<>();

    VoiceActivity.Listener listener() {
        return pending::add;
    }

    /** Feeds {@code frames} in order to {@code vad}, which must have been created with {@link #listener()}. */
    HeardSpeech feed(VoiceActivity vad, List<AudioChunk> frames) {
        for (AudioChunk frame : frames) {
            vad.accept(frame);
            for (SpeechEvent e : pending) reports.add(new Report(e, vad.streamMillis()));
            pending.clear();
        }
        return this;
    }

    List<Report> reports() {
        return List.copyOf(reports);
    }

    List<SpeechEvent> events() {
        return reports.stream().map(Report::event).toList();
    }

    List<SpeechEvent.Ended> segments() {
        return reports.stream().map(Report::event).filter(e -> e instanceof SpeechEvent.Ended)
                .map(e -> (SpeechEvent.Ended) e).toList();
    }
}
