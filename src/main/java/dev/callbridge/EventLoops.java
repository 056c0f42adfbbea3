package dev.callbridge;

import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's event-loop contexts, handed out in turn: a call that does not arrive on a
 * socket of its own (an Asterisk call, announced on the one ARI socket) still gets a loop of
 * its own, so calls spread over the cores as Twilio calls do.
 */
final class EventLoops implements Supplier<Context> {
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    void add(Context context) {
        contexts.add(context);
    }

    @Override
    public Context get() {
        if (contexts.isEmpty()) throw new IllegalStateException("no event loop is running yet");
        return contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size()));
    }
}
