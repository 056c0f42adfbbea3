package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code /ws/events} subscriber that stops reading is cut off once it is too far behind, and
 * its TCP connection really goes, although the close frame sent to it waits behind the events it
 * never read. Two such subscribers are opened one after the other, so one shares the call's
 * event loop and one does not. A subscriber that reads meanwhile gets every event.
 */
class NonReadingEventsSubscriberIsCutOffTest {
    private static final String DIGITS = "0123456789*#";
    private static final String DROPPED = "callbridge_events_subscribers_dropped_total";

    @TempDir
    Path dir;

    @Test
    void aSubscriberThatNeverReadsIsDisconnectedAndTheReaderMissesNothing() throws Exception {
        Vertx clients = Vertx.vertx();
        try (GatewayFixture gw = new GatewayFixture(dir, "PORT", String.valueOf(EventsBurstReachesEveryReaderTest.freePort()))) {
            Calls.StreamAnswer answer = Calls.answered(gw, RawTwilioStream.CALL_SID);
            String callId = answer.callId();
            String uri = "/ws/events?callId=" + callId;
            EventsReader reader = new EventsReader(clients, gw.port(), uri);
            try (RawEventsSubscriber stalled1 = new RawEventsSubscriber(gw.port(), uri);
                 RawEventsSubscriber stalled2 = new RawEventsSubscriber(gw.port(), uri);
                 RawTwilioStream twilio = new RawTwilioStream(clients, gw.port())) {
                assertThat(List.of(stalled1.handshakeStatus, stalled2.handshakeStatus)).allMatch(s -> s.startsWith("HTTP/1.1 101"));
                twilio.connected();
                twilio.start(answer);
                // 2,500 presses a second (5,000 events) until both are dropped, for 15 s at most.
                long start = System.nanoTime();
                int presses = 0;
                double dropped = 0;
                while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
                    for (int i = 0; i < 25; i++) {
                        presses++;
                        twilio.ws.writeTextMessage("{\"event\":\"dtmf\",\"streamSid\":\"" + RawTwilioStream.STREAM_SID
                                + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + DIGITS.charAt(presses % DIGITS.length()) + "\"}}");
                    }
                    if (presses % 250 == 0 && (dropped = Calls.metric(gw, DROPPED)) >= 2) break;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                long floodMs = (System.nanoTime() - start) / 1_000_000;
                boolean closed1 = stalled1.drainsToEnd(4000);
                boolean closed2 = stalled2.drainsToEnd(4000);
                String figure = "after " + presses + " presses (" + 2 * presses + " events) in " + floodMs + " ms: dropped "
                        + dropped + ", TCP closed by the server: " + closed1 + ", " + closed2;
                System.out.println("non-reading subscribers " + figure);
                assertThat(dropped).as(figure).isEqualTo(2);
                assertThat(closed1 && closed2).as(figure).isTrue();

                int expected = presses;
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.isClosed()
                        || reader.received.stream().filter(m -> m.startsWith("{\"type\":\"transcript\"")).count() >= expected);
                assertThat(reader.isClosed()).as("the reading subscriber is left alone").isFalse();
                assertThat(reader.received.stream().filter(m -> m.startsWith("{\"type\":\"dtmf\"")).count()).isEqualTo(presses);
            } finally {
                reader.close();
            }
        } finally {
            clients.close().await();
        }
    }
}
