package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.LegListener;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** A leg that records what it is asked to play, and when, for the mixer's tests. Safe to read from the test thread. */
final class RecordingLeg implements Leg {
    /** One thing the leg was asked to do: play {@code chunk} (with {@code tag}), or clear when {@code chunk} is null. */
    record Event(AudioChunk chunk, Object tag, long nanos, Thread thread) {
        boolean isClear() {
            return chunk == null;
        }

        boolean isFrame() {
            return chunk != null && chunk.data().length > 0;
        }
    }

    private final AudioFormat format;
    private final List<Event> events = new ArrayList<>();

    RecordingLeg(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public synchronized void play(AudioChunk chunk, Object tag) {
        if (!chunk.format().equals(format)) throw new IllegalArgumentException("leg plays " + format + ", got " + chunk.format());
        events.add(new Event(chunk, tag, System.nanoTime(), Thread.currentThread()));
    }

    @Override
    public synchronized void clear() {
        events.add(new Event(null, null, System.nanoTime(), Thread.currentThread()));
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The audio frames played so far, in order. */
    synchronized List<Event> frames() {
        return events.stream().filter(Event::isFrame).toList();
    }

    synchronized int frameCount() {
        return (int) events.stream().filter(Event::isFrame).count();
    }

    /** The tags played so far, in order. */
    synchronized List<Object> tags() {
        return events.stream().map(Event::tag).filter(t -> t != null).toList();
    }

    @Override
    public void sendDtmf(String digits) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> transfer(String destination) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void hangup(EndReason reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void listen(LegListener listener) {}
}
