package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the caller heard of a reply follows the leg's confirmations: whole pieces, then a share of the next by its audio. */
class HeardWordsComeFromConfirmedAudioTest {

    private static Reply twoPieces() {
        Reply r = new Reply();
        r.startPiece("We open at nine.");
        r.sent(1_000_000);
        r.pieceSynthesized();
        r.startPiece("On Sundays we open at ten.");
        r.sent(2_000_000);
        r.pieceSynthesized();
        return r;
    }

    @Test
    void nothingConfirmedMeansNothingHeard() {
        assertThat(twoPieces().heardText()).isEmpty();
    }

    @Test
    void aPieceConfirmedToItsEndIsHeardWhole() {
        Reply r = twoPieces();
        r.heard(1_000_000);
        assertThat(r.heardText()).isEqualTo("We open at nine.");
    }

    @Test
    void aPieceHeardInPartKeepsTheShareOfItsWordsItsAudioCovers() {
        Reply r = twoPieces();
        r.heard(2_000_000); // half of the second piece's audio: three of its six words
        assertThat(r.heardText()).isEqualTo("We open at nine. On Sundays we");
        assertThat(r.stillPlaying()).isTrue();
    }

    @Test
    void aReplyIsHeardInFullOnlyOnceCompleteAndConfirmed() {
        Reply r = twoPieces();
        r.heard(3_000_000);
        assertThat(r.heardInFull()).as("the model may still be writing").isFalse();
        r.textDone();
        r.audioDone();
        assertThat(r.heardInFull()).isTrue();
        assertThat(r.stillPlaying()).isFalse();
        assertThat(r.heardText()).isEqualTo(r.text());
    }

    @Test
    void confirmationsNeverGoBackwards() {
        Reply r = twoPieces();
        r.heard(2_500_000);
        r.heard(1_000_000);
        assertThat(r.heardText()).as("three quarters of six words, rounded down").isEqualTo("We open at nine. On Sundays we open");
    }

    @Test
    void aPieceWhoseSynthesisBrokeOffCountsForNothing() {
        Reply r = new Reply();
        r.startPiece("We open at nine.");
        r.sent(1_000_000);
        r.pieceSynthesized();
        r.startPiece("On Sundays we open at ten.");
        r.sent(500_000); // the engine failed here: the sentence's length is unknown
        r.heard(1_500_000);
        assertThat(r.heardText()).isEqualTo("We open at nine.");
    }

    @Test
    void aCutReplyIsNoLongerPlaying() {
        Reply r = twoPieces();
        r.cut();
        assertThat(r.stillPlaying()).isFalse();
        assertThat(r.heardInFull()).isFalse();
    }
}
