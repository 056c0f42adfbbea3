package dev.callbridge.agent.pipeline;

import dev.callbridge.agent.SpokenAnswer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One answer of the pipeline agent as the caller gets it: its pieces (sentences or clauses) in the
 * order they are spoken, how much of each piece's audio went out, and how much the leg confirms was
 * heard. What the caller heard is computed from those confirmations, never from a clock: every
 * piece heard to its end, then the share of the next piece's words that its heard audio covers.
 */
public final class Reply implements SpokenAnswer {
    /** A piece of the answer and where its audio sits in the reply's audio. */
    private static final class Piece {
        final String text;
        final long startMicros;
        long audioMicros;
        /** Its synthesis finished: its audio is all of it. */
        boolean whole;

        Piece(String text, long startMicros) {
            this.text = text;
            this.startMicros = startMicros;
        }
    }

    private final List<Piece> pieces = new ArrayList<>();
    /** Audio sent to the leg, and the latest point the leg confirmed as heard. */
    private long sentMicros;
    private long heardMicros;
    private long audioStartedMs = -1;
    /** The point of the last tag: tags go out every so often, and at each piece's end. */
    long taggedMicros;
    /** The text model has finished this answer: no more pieces will come. */
    private boolean textDone;
    /** Every piece has been synthesized (or the reply was cut). */
    private boolean audioDone;
    /** The caller cut it off, or the call ended: nothing more is played or recorded of it. */
    private boolean cut;
    /** It went on the record (once). */
    boolean recorded;

    /** A piece begins; its audio follows with {@link #sent}. */
    void startPiece(String text) {
        pieces.add(new Piece(text, sentMicros));
    }

    /** The last piece produced no audio and will be tried again: forget it. */
    void dropLastPiece() {
        if (!pieces.isEmpty() && pieces.get(pieces.size() - 1).audioMicros == 0) pieces.remove(pieces.size() - 1);
    }

    /** The current piece's synthesis finished: all its audio has been sent. */
    void pieceSynthesized() {
        if (!pieces.isEmpty()) pieces.get(pieces.size() - 1).whole = true;
    }

    /** {@code micros} more audio of the current piece went to the leg. */
    void sent(long micros) {
        sentMicros += micros;
        if (!pieces.isEmpty()) pieces.get(pieces.size() - 1).audioMicros += micros;
    }

    public void heard(long micros) {
        heardMicros = Math.max(heardMicros, micros);
    }

    public void textDone() {
        textDone = true;
    }

    void audioDone() {
        audioDone = true;
    }

    public void cut() {
        cut = true;
    }

    /** Its first audio went to the leg at this point of the call's timeline (ms). */
    public void audioStarted(long atMs) {
        if (audioStartedMs < 0) audioStartedMs = atMs;
    }

    /** When the listener began hearing it: {@link SpokenAnswer#heardSince}. */
    public long heardSince(long nowMs) {
        return SpokenAnswer.heardSince(nowMs, audioStartedMs, heardMicros);
    }

    /** The listener has confirmed hearing some of it. */
    public boolean heardAny() {
        return heardMicros > 0;
    }

    public boolean isCut() {
        return cut;
    }

    long sentMicros() {
        return sentMicros;
    }

    public boolean hasAudio() {
        return sentMicros > 0;
    }

    /** Audio is still to come, or some that went out is not yet confirmed heard; false once cut. */
    @Override
    public boolean stillPlaying() {
        return !cut && (!audioDone || heardMicros < sentMicros);
    }

    /** Complete, and the caller has heard all of it. */
    public boolean heardInFull() {
        return textDone && audioDone && !cut && heardMicros >= sentMicros;
    }

    /** Every piece's words, as spoken. */
    public String text() {
        return String.join(" ", pieces.stream().map(p -> p.text).toList());
    }

    /**
     * The words the caller heard: whole pieces heard to their end, then a share of the next by its
     * heard audio. Only a piece synthesized to its end counts: of one cut short, the audio sent is
     * not the sentence, and hearing all of it is not hearing the sentence.
     */
    public String heardText() {
        List<String> heard = new ArrayList<>();
        for (Piece p : pieces) {
            long end = p.startMicros + p.audioMicros;
            if (p.whole && p.audioMicros > 0 && heardMicros >= end) {
                heard.add(p.text);
                continue;
            }
            // A piece whose synthesis broke off (or was cancelled) has no known length: none of its words count.
            if (p.whole && heardMicros > p.startMicros && p.audioMicros > 0) {
                String[] words = p.text.split("\\s+");
                int keep = (int) Math.floor(words.length * (double) (heardMicros - p.startMicros) / p.audioMicros);
                if (keep > 0) heard.add(String.join(" ", Arrays.copyOf(words, keep)));
            }
            break;
        }
        return String.join(" ", heard);
    }
}
