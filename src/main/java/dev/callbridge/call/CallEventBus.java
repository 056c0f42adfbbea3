package dev.callbridge.call;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each {@link CallEvent} out to its subscribers (store writer, {@code /ws/events},
 * metrics, webhooks). {@link #publish} runs on the call's context, so a subscriber must
 * only hand the event on (queue it, write it to a socket) and never block.
 */
public final class CallEventBus {
    private static final Logger log = LoggerFactory.getLogger(CallEventBus.class);
    private final List<Consumer<CallEvent>> subscribers = new CopyOnWriteArrayList<>();

    public Runnable subscribe(Consumer<CallEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(CallEvent event) {
        for (Consumer<CallEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                // One broken subscriber must not cost the others (least of all the store) their event.
                log.error("event subscriber failed on {} for call {}", event.type(), event.callId(), e);
            }
        }
    }
}
