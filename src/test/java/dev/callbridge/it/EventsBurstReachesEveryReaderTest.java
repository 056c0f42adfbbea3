package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of 5,000 DTMF presses in 2 s (10,000 events: a {@code dtmf} and a {@code transcript}
 * for each) reaches every subscriber of {@code /ws/events} that reads, in full and in order,
 * whichever event loop its socket landed on. Eight subscribers are spread round-robin over the
 * gateway's event loops, so some share the call's loop and some do not. Meanwhile each loop is
 * kept busy for 20 ms in every 100 ms, at staggered times, as other calls' work (or a GC pause)
 * keeps it under load: a subscriber's loop may be busy while the call's loop publishes.
 */
class EventsBurstReachesEveryReaderTest {
    private static final int PRESSES = 5_000;
    private static final int PER_BURST = 25;
    private static final long BURST_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int READERS = 8;
    private static final long STALL_MS = 20;
    private static final long STALL_EVERY_MS = 100;
    private static final String DIGITS = "0123456789*#";
    private static final Pattern TYPE = Pattern.compile("^\\{\"type\":\"([a-z.]+)\"");
    private static final Pattern DIGIT = Pattern.compile("\"digit\":\"(.)\"");
    private static final Pattern TEXT = Pattern.compile("\"text\":\"(.)\"");

    @TempDir
    Path dir;

    @Test
    void everyReaderGetsEveryEventOfTheBurstInOrder() {
        Vertx clients = Vertx.vertx();
        // A fixed port: with PORT=0 each of the gateway's HTTP listeners binds a port of its own and
        // every connection lands on one event loop, which would hide the cross-loop case.
        try (GatewayFixture gw = new GatewayFixture(dir, "PORT", String.valueOf(freePort()))) {
            Calls.StreamAnswer answer = Calls.answered(gw, RawTwilioStream.CALL_SID);
            String callId = answer.callId();
            List<EventsReader> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) readers.add(new EventsReader(clients, gw.port(), "/ws/events?callId=" + callId));
            StringBuilder sent = new StringBuilder();
            try (RawTwilioStream twilio = new RawTwilioStream(clients, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                List<ScheduledFuture<?>> stalls = stallEveryEventLoop(gw);
                long sentMs;
                try {
                    sentMs = sendBurst(twilio, sent);
                } finally {
                    stalls.forEach(f -> f.cancel(false));
                }
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> readers.stream()
                            .allMatch(r -> r.isClosed() || r.received.size() >= 2 * PRESSES && sequence(r, "transcript", TEXT).length() >= PRESSES));
                } catch (ConditionTimeoutException e) {
                    // the assertions below say who missed what
                }
                List<String> delivered = readers.stream()
                        .map(r -> (sequence(r, "dtmf", DIGIT).length() + sequence(r, "transcript", TEXT).length())
                                + (r.isClosed() ? " (closed " + r.closeStatus.get() + ")" : ""))
                        .toList();
                System.out.println("events delivered in a burst of " + 2 * PRESSES + " sent in " + sentMs + " ms, per reader: " + delivered);
                for (EventsReader r : readers) {
                    assertThat(r.isClosed()).as("a reader was closed; delivered per reader: %s", delivered).isFalse();
                    assertThat(sequence(r, "dtmf", DIGIT)).as("dtmf digits, in order; delivered per reader: %s", delivered)
                            .isEqualTo(sent.toString());
                    assertThat(sequence(r, "transcript", TEXT)).as("transcribed digits, in order").isEqualTo(sent.toString());
                }
            }
            readers.forEach(EventsReader::close);
        } finally {
            clients.close().await();
        }
    }

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 5,000 presses in bursts of 25 every 10 ms; returns how long the sending took. */
    private static long sendBurst(RawTwilioStream twilio, StringBuilder sent) {
        long start = System.nanoTime();
        for (int burst = 0; burst < PRESSES / PER_BURST; burst++) {
            for (int i = 0; i < PER_BURST; i++) {
                char digit = DIGITS.charAt(sent.length() % DIGITS.length());
                sent.append(digit);
                twilio.ws.writeTextMessage("{\"event\":\"dtmf\",\"streamSid\":\"" + RawTwilioStream.STREAM_SID
                        + "\",\"sequenceNumber\":\"" + (sent.length() + 1) + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\""
                        + digit + "\"}}");
            }
            LockSupport.parkNanos(start + (burst + 1) * BURST_EVERY_NANOS - System.nanoTime());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Each of the gateway's event loops blocks for {@link #STALL_MS} every {@link #STALL_EVERY_MS}, loop after loop. */
    private static List<ScheduledFuture<?>> stallEveryEventLoop(GatewayFixture gw) {
        List<ScheduledFuture<?>> stalls = new ArrayList<>();
        long offset = 0;
        for (EventExecutor loop : ((VertxInternal) gw.vertx).eventLoopGroup()) {
            stalls.add(loop.scheduleAtFixedRate(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(STALL_MS)),
                    offset, STALL_EVERY_MS, TimeUnit.MILLISECONDS));
            offset += STALL_MS + 5;
        }
        return stalls;
    }

    /** The one-character value each event of {@code type} carries, in the order they arrived. */
    private static String sequence(EventsReader r, String type, Pattern value) {
        StringBuilder s = new StringBuilder();
        for (String m : r.received) {
            Matcher t = TYPE.matcher(m);
            if (!t.find() || !t.group(1).equals(type)) continue;
            Matcher v = value.matcher(m);
            if (v.find()) s.append(v.group(1));
        }
        return s.toString();
    }
}
