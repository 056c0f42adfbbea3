package dev.callbridge.agent;

/**
 * One answer of the model as the caller gets it: how much of its audio went out and how much
 * the leg confirms was heard, and its words. The model streams faster than real time, so an
 * answer's transcript is complete long before the caller has heard it; it reaches the record
 * only once heard in full, or, cut short, as far as it was heard.
 */
final class Answer implements SpokenAnswer {
    final String itemId;
    /** The link generation it was played under; only that session can truncate it. */
    final int generation;
    long sentMicros;
    long taggedMicros;
    long heardMicros;
    /** Its first audio went to the leg at this point of the call's timeline (ms); -1 before. */
    long audioStartedMs = -1;
    /** {@code response.output_audio.done}: no more audio will come. */
    boolean audioDone;
    final StringBuilder streamed = new StringBuilder();
    /** The full transcript, once {@code response.output_audio_transcript.done} has arrived. */
    String transcript;

    Answer(String itemId, int generation) {
        this.itemId = itemId;
        this.generation = generation;
    }

    @Override
    public boolean stillPlaying() {
        return heardMicros < sentMicros;
    }

    /** When the listener began hearing it: {@link SpokenAnswer#heardSince}. */
    long heardSince(long nowMs) {
        return SpokenAnswer.heardSince(nowMs, audioStartedMs, heardMicros);
    }

    boolean heardInFull() {
        return audioDone && transcript != null && heardMicros >= sentMicros;
    }

    /** The words known so far: the transcript once complete, else what has streamed. */
    String words() {
        return transcript != null ? transcript : streamed.toString();
    }

    /**
     * The share of the words the caller heard, estimated from the share of the audio: used
     * only where the server cannot say (it cuts the transcript itself on truncate).
     */
    String heardWords() {
        if (sentMicros == 0) return "";
        if (heardMicros >= sentMicros) return words().strip();
        String[] words = words().strip().split("\\s+");
        int keep = (int) Math.floor(words.length * (double) heardMicros / sentMicros);
        return String.join(" ", java.util.Arrays.copyOf(words, keep));
    }
}
