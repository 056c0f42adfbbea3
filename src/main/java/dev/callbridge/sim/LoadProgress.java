package dev.callbridge.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live totals across all load drivers, for the progress line; written on event loops, read by the command. */
public final class LoadProgress {
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final AtomicInteger streaming = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();

    public String line(long elapsedMillis, int calls) {
        return String.format("%5.1f s  streaming %d/%d  ended %d  sent %d  received %d",
                elapsedMillis / 1000.0, streaming.get(), calls, ended.get(), framesSent.sum(), framesReceived.sum());
    }
}
