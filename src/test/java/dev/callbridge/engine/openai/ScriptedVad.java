package dev.callbridge.engine.openai;

import io.vertx.core.json.JsonObject;

/**
 * Server VAD simulated from the script's speech marks instead of the signal, so tests are exact.
 * Fed with the session's input-audio clock (ms appended since the session began); fires
 * {@code speech_started} once the appended audio reaches a mark's start and {@code speech_stopped}
 * once it reaches the mark's end plus the configured silence ({@code silence_duration_ms}: the real
 * server needs that much silence before it ends a turn, doc §2).
 *
 * <p>Reported times: {@code audio_start_ms} = start − {@code prefix_padding_ms} (doc §4: "includes
 * prefix padding"), never below 0; {@code audio_end_ms} = the mark's end. That reading of the
 * doc, and semantic_vad ending the turn without extra silence, are ASSUMED.
 */
final class ScriptedVad {
    interface Listener {
        void speechStarted(long audioStartMs);

        void speechStopped(long audioEndMs, RealtimeScript.Speech speech);
    }

    private boolean speaking;

    boolean speaking() {
        return speaking;
    }

    /** @param turnDetection the effective {@code audio.input.turn_detection}; null means VAD is off and nothing fires */
    void advance(double inputMs, JsonObject turnDetection, RealtimeScript script, Listener listener) {
        if (turnDetection == null) return;
        boolean server = "server_vad".equals(turnDetection.getString("type"));
        long prefix = server ? turnDetection.getInteger("prefix_padding_ms", 300) : 0;
        long silence = server ? turnDetection.getInteger("silence_duration_ms", 500) : 0;
        while (true) {
            RealtimeScript.Speech s = script.peekSpeech().orElse(null);
            if (s == null) return;
            if (!speaking && inputMs >= s.startMs()) {
                speaking = true;
                listener.speechStarted(Math.max(0, s.startMs() - prefix));
            } else if (speaking && inputMs >= s.endMs() + silence) {
                speaking = false;
                script.speechDone();
                listener.speechStopped(s.endMs(), s);
            } else return;
        }
    }
}
