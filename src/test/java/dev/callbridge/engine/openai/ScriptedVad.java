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
    // energy mode: where the current utterance began and where its last loud frame ended (input-audio ms)
    private double energyStartMs;
    private double lastVoiceMs;

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

    /**
     * Energy mode ({@link RealtimeScript#energyVad}): one appended chunk spanning
     * {@code fromMs..toMs} is loud or not as a whole; the turn ends once the silence since the last
     * loud chunk reaches {@code silence_duration_ms}.
     */
    void advanceEnergy(byte[] audio, String format, double fromMs, double toMs, JsonObject turnDetection, RealtimeScript script, Listener listener) {
        if (turnDetection == null) return;
        boolean server = "server_vad".equals(turnDetection.getString("type"));
        long prefix = server ? turnDetection.getInteger("prefix_padding_ms", 300) : 0;
        long silence = server ? turnDetection.getInteger("silence_duration_ms", 500) : 0;
        boolean loud = rms(audio, format) >= script.energyThreshold();
        if (loud) {
            if (!speaking) {
                speaking = true;
                energyStartMs = fromMs;
                listener.speechStarted(Math.max(0, Math.round(fromMs) - prefix));
            }
            lastVoiceMs = toMs;
        } else if (speaking && toMs - lastVoiceMs >= silence) {
            speaking = false;
            listener.speechStopped(Math.round(lastVoiceMs), new RealtimeScript.Speech(Math.round(energyStartMs),
                    Math.max(Math.round(lastVoiceMs), Math.round(energyStartMs) + 1), script.nextEnergyTranscript()));
        }
    }

    /** Root mean square of the chunk's samples as 16-bit linear values. */
    static double rms(byte[] audio, String format) {
        long sum = 0;
        int n = 0;
        if (format.equals("audio/pcm")) {
            for (int i = 0; i + 1 < audio.length; i += 2, n++) {
                int v = (short) ((audio[i] & 0xFF) | (audio[i + 1] << 8));
                sum += (long) v * v;
            }
        } else {
            boolean ulaw = format.equals("audio/pcmu");
            for (byte b : audio) {
                int v = ulaw ? dev.callbridge.audio.G711.ulawToLinear(b) : dev.callbridge.audio.G711.alawToLinear(b);
                sum += (long) v * v;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt((double) sum / n);
    }
}
