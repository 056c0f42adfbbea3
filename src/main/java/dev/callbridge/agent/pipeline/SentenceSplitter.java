package dev.callbridge.agent.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a text model's streamed answer into pieces speech synthesis can start on at once: whole
 * sentences, and, when a sentence runs long, clauses. Pure: deltas in, pieces out, no I/O.
 *
 * <p>Where it cuts, and what that costs:
 * <ul>
 *   <li>After {@code . ! ? …} (and their CJK forms) followed by a space or a line break, except after
 *       a known abbreviation ("Dr.", "e.g.") or a single letter (an initial), and never inside a
 *       number ("3.5" has no space after its point).</li>
 *   <li>At a line break: models list things one per line.</li>
 *   <li>At {@code , ; :} or a dash once the piece is long: {@link #FIRST_CLAUSE_CHARS} for the
 *       answer's first piece (the caller is waiting for it), {@link #CLAUSE_CHARS} after. A voice
 *       reads each piece on its own, so a clause cut loses a little of the sentence's melody; a short
 *       first clause buys a quicker first sound, which callers notice more.</li>
 *   <li>At the last space once a piece reaches {@link #MAX_CHARS} with no boundary at all.</li>
 * </ul>
 * Markdown emphasis and headings ({@code * _ # `}) are dropped: a voice would read them out.
 */
public final class SentenceSplitter {
    static final int FIRST_CLAUSE_CHARS = 40;
    static final int CLAUSE_CHARS = 120;
    static final int MAX_CHARS = 300;
    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "st", "sr", "jr", "prof", "vs", "etc",
            "e.g", "i.e", "approx", "nr", "tel", "sra", "dra", "av");

    private final StringBuilder pending = new StringBuilder();
    private int emitted;

    /** Adds the next delta; returns the pieces it completed, in order (often none). */
    public List<String> feed(String delta) {
        for (int i = 0; i < delta.length(); i++) {
            char c = delta.charAt(i);
            if (c == '*' || c == '_' || c == '#' || c == '`') continue;
            pending.append(c);
        }
        List<String> out = new ArrayList<>(1);
        for (int cut; (cut = nextCut()) > 0; ) {
            emit(pending.substring(0, cut), out);
            pending.delete(0, cut);
        }
        return out;
    }

    /** The model finished: whatever is left is the last piece (empty list when only blanks remain). */
    public List<String> flush() {
        List<String> out = new ArrayList<>(1);
        emit(pending.toString(), out);
        pending.setLength(0);
        return out;
    }

    /** Drops what is pending, for an answer cut off by the caller. */
    public void reset() {
        pending.setLength(0);
        emitted = 0;
    }

    private void emit(String piece, List<String> out) {
        String text = piece.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) return;
        out.add(text);
        emitted++;
    }

    /** Where the pending text can be cut: the index just past the cut, or 0 when not yet. */
    private int nextCut() {
        int clauseAt = emitted == 0 ? FIRST_CLAUSE_CHARS : CLAUSE_CHARS;
        int lastClause = 0;
        int lastSpace = 0;
        // Only boundaries followed by something: the character after a period decides whether it ends a sentence.
        for (int i = 0; i + 1 < pending.length(); i++) {
            char c = pending.charAt(i);
            char next = pending.charAt(i + 1);
            if (c == '\n' && i > 0) return i + 1;
            if (isCjkStop(c)) return i + 1;
            boolean spaceAfter = Character.isWhitespace(next);
            if (spaceAfter) lastSpace = i + 1;
            if (!spaceAfter) continue;
            if ((c == '.' && !abbreviationBefore(i)) || c == '!' || c == '?' || c == '…') return i + 1;
            if ((c == ',' || c == ';' || c == ':' || c == '—' || c == '–') && i + 1 >= clauseAt) lastClause = i + 1;
        }
        if (lastClause > 0) return lastClause;
        if (pending.length() >= MAX_CHARS && lastSpace > 0) return lastSpace;
        return 0;
    }

    private static boolean isCjkStop(char c) {
        return c == '。' || c == '！' || c == '？';
    }

    /** The word before the period at {@code dot} is an abbreviation or an initial, so the sentence goes on. */
    private boolean abbreviationBefore(int dot) {
        int start = dot;
        while (start > 0 && !Character.isWhitespace(pending.charAt(start - 1))) start--;
        String word = pending.substring(start, dot).toLowerCase(Locale.ROOT);
        if (word.startsWith("(")) word = word.substring(1);
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) return true;
        return ABBREVIATIONS.contains(word);
    }
}
