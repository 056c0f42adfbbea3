package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A chunk's onSent comes out with the packet carrying its last byte; cleared chunks never report. */
class RtpPacerOnSentTest {
    private final RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new SplittableRandom(3));
    private final List<String> events = new ArrayList<>();
    private long slot;

    /** One tick: the packet (if any) is "sent", then the callbacks it released run, as the session does. */
    private void tick() {
        List<Runnable> done = new ArrayList<>();
        RtpPacket p = pacer.next(slot++, done::add);
        if (p != null) events.add("packet");
        done.forEach(Runnable::run);
    }

    @Test
    void onSentRunsAfterTheLastPacketOfItsChunk() {
        pacer.play(new byte[400], () -> events.add("A"));
        pacer.play(new byte[160], () -> events.add("B"));
        for (int i = 0; i < 5; i++) tick();
        // A's last 80 bytes share the third packet with B's first 80; B ends in the fourth.
        assertThat(events).containsExactly("packet", "packet", "packet", "A", "packet", "B");
    }

    @Test
    void aChunkEndingOnAFrameBoundaryCompletesWithThatPacket() {
        pacer.play(new byte[320], () -> events.add("A"));
        pacer.play(new byte[160], () -> events.add("B"));
        tick();
        tick();
        assertThat(events).containsExactly("packet", "packet", "A");
    }

    @Test
    void severalSmallChunksInOnePacketCompleteInOrder() {
        for (String name : List.of("a", "b", "c")) pacer.play(new byte[50], () -> events.add(name));
        tick();
        assertThat(events).containsExactly("packet", "a", "b", "c");
    }

    @Test
    void anEmptyChunkMarksThePositionAfterWhatWasQueuedBefore() {
        pacer.play(new byte[200], () -> events.add("audio"));
        pacer.play(new byte[0], () -> events.add("mark"));
        tick();
        assertThat(events).containsExactly("packet");
        tick();
        assertThat(events).containsExactly("packet", "packet", "audio", "mark");

        events.clear();
        pacer.play(new byte[0], () -> events.add("mark on an empty queue"));
        tick();
        assertThat(events).containsExactly("mark on an empty queue");
    }

    @Test
    void clearDropsTheQueueAndItsCallbacksAndStartsANewTalkspurt() {
        pacer.play(new byte[800], () -> events.add("dropped"));
        pacer.play(new byte[0], () -> events.add("dropped mark"));
        tick();
        pacer.clear();
        assertThat(pacer.isEmpty()).isTrue();
        assertThat(pacer.queuedBytes()).isZero();
        tick();
        pacer.play(new byte[160], () -> events.add("next"));
        List<Runnable> done = new ArrayList<>();
        RtpPacket p = pacer.next(slot++, done::add);
        done.forEach(Runnable::run);
        for (int i = 0; i < 10; i++) tick();
        assertThat(events).containsExactly("packet", "next");
        assertThat(p.marker()).isTrue();
    }
}
