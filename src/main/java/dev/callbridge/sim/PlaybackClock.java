package dev.callbridge.sim;

/** Monotonic time for the playback model; a seam so tests can move time by hand. */
@FunctionalInterface
public interface PlaybackClock {
    long nanos();

    static PlaybackClock system() {
        return System::nanoTime;
    }
}
