package dev.callbridge.store;

import dev.callbridge.call.CallEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process {@link KillNineLosesAtMostOneSecondTest} kills: writes one call's transcript into
 * the embedded store under {@code args[0]} through a {@link StoreWriter}, an entry every 2 ms, each
 * stamped with the instant it was made. Prints {@link #WRITING} once the first batch is committed.
 * Stops by itself after a minute, should its parent die without killing it.
 */
public final class EventWritingChild {
    static final String CALL_ID = "c_kill";
    static final String WRITING = "writing";

    private EventWritingChild() {}

    public static void main(String[] args) throws InterruptedException {
        JdbcCallStore store = new JdbcCallStore(Databases.embedded(Path.of(args[0])));
        StoreWriter writer = new StoreWriter(store).start();
        AtomicBoolean announced = new AtomicBoolean();
        writer.addCommitListener(batch -> {
            if (announced.compareAndSet(false, true)) System.out.println(WRITING);
        });
        writer.offer(new CallEvent.Created(Calls.queued(CALL_ID, Instant.now()), Instant.now()));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        for (int seq = 1; Instant.now().isBefore(deadline); seq++) {
            Instant now = Instant.now();
            writer.offer(Calls.said(CALL_ID, seq, now));
            Thread.sleep(2);
        }
        writer.close();
        store.close();
    }
}
