package dev.callbridge.engine.vad;

/** What a {@link VoiceActivity} reports; times are the stream's milliseconds. */
public sealed interface SpeechEvent {
    /** Where the speech began (padded by {@link VadSettings#speechPadMs()}). */
    long startMs();

    /** Speech began at {@code startMs} and has now lasted at least the minimum speech duration. */
    record Started(long startMs) implements SpeechEvent {}

    /** The speech that began at {@code startMs} ended at {@code endMs} (padded); silence has lasted the minimum since. */
    record Ended(long startMs, long endMs) implements SpeechEvent {
        public Ended {
            if (endMs < startMs) throw new IllegalArgumentException("speech cannot end (" + endMs + " ms) before it starts (" + startMs + " ms)");
        }

        public long durationMs() {
            return endMs - startMs;
        }
    }
}
