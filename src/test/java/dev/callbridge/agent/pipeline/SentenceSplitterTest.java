package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Streamed model text is cut where a voice can start on it: whole sentences, long clauses, never mid-number or after "Dr.". */
class SentenceSplitterTest {

    @Test
    void sentencesComeOutAsSoonAsTheNextCharacterShowsTheyEnded() {
        SentenceSplitter s = new SentenceSplitter();
        assertThat(s.feed("We open at nine")).isEmpty();
        assertThat(s.feed(".")).as("a period alone may be a decimal point or an abbreviation").isEmpty();
        assertThat(s.feed(" See")).containsExactly("We open at nine.");
        assertThat(s.feed(" you then! Bye")).containsExactly("See you then!");
        assertThat(s.flush()).containsExactly("Bye");
        assertThat(s.flush()).isEmpty();
    }

    @Test
    void numbersAbbreviationsAndInitialsDoNotEndASentence() {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>(s.feed("It costs 3.50 euros. Dr. Smith and J. R. Jones, e.g. the partners, agree. Done"));
        out.addAll(s.flush());
        assertThat(out).containsExactly("It costs 3.50 euros.", "Dr. Smith and J. R. Jones, e.g. the partners, agree.", "Done");
    }

    @Test
    void aLongFirstSentenceIsCutAtAClauseSoTheCallerHearsSomethingSooner() {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>(s.feed("Thanks for calling the Riverside Bistro tonight, we have a table for four at eight, "));
        out.addAll(s.feed("or one for two at nine if you prefer. Later sentences, short or long, stay whole. "));
        out.addAll(s.flush());
        assertThat(out).containsExactly("Thanks for calling the Riverside Bistro tonight, we have a table for four at eight,",
                "or one for two at nine if you prefer.", "Later sentences, short or long, stay whole.");
    }

    @Test
    void lineBreaksQuestionMarksAndCjkStopsEndPieces() {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>(s.feed("Options:\nMonday\nTuesday? 好的。谢谢"));
        out.addAll(s.flush());
        assertThat(out).containsExactly("Options:", "Monday", "Tuesday?", "好的。", "谢谢");
    }

    @Test
    void markdownIsNotReadOut() {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>(s.feed("## Hours\n**Open** at _nine_. `Really`."));
        out.addAll(s.flush());
        assertThat(out).containsExactly("Hours", "Open at nine.", "Really.");
    }

    @Test
    void textWithNoBoundaryIsCutBeforeItGrowsWithoutEnd() {
        SentenceSplitter s = new SentenceSplitter();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) out.addAll(s.feed("word "));
        out.addAll(s.flush());
        assertThat(out).hasSizeGreaterThan(2).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_CHARS));
        assertThat(String.join(" ", out)).isEqualTo(("word ".repeat(200)).strip());
    }

    /** However the stream is cut into deltas, the pieces are the same and together hold every word. */
    @RepeatedTest(20)
    void pieceBoundariesDoNotDependOnHowTheTextWasStreamed() {
        String text = "Hello there. I can book a table, change a booking, or tell you our hours; which would you like? "
                + "We are at 12 St. Mary's Road.\nCall 555-0100 any time! Thanks.";
        SentenceSplitter whole = new SentenceSplitter();
        List<String> expected = new ArrayList<>(whole.feed(text));
        expected.addAll(whole.flush());

        SplittableRandom random = new SplittableRandom();
        SentenceSplitter streamed = new SentenceSplitter();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int n = Math.min(text.length() - i, 1 + random.nextInt(7));
            got.addAll(streamed.feed(text.substring(i, i + n)));
            i += n;
        }
        got.addAll(streamed.flush());
        assertThat(got).isEqualTo(expected);
        assertThat(String.join(" ", got).replaceAll("\\s+", " ")).isEqualTo(text.replaceAll("\\s+", " ").strip());
    }
}
