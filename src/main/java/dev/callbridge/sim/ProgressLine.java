package dev.callbridge.sim;

import java.io.PrintStream;

/** One stderr line rewritten in place ({@code \r}, erase to end of line) while a command runs. */
final class ProgressLine {
    private final PrintStream err;
    private final long startedNanos = System.nanoTime();
    private boolean shown;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    synchronized void show(String text) {
        err.print("\r" + text + "\u001b[K");
        err.flush();
        shown = true;
    }

    /** Leaves the last state visible and moves to a fresh line for what follows. */
    synchronized void finish() {
        if (shown) err.println();
        shown = false;
    }
}
