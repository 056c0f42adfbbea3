package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken clients of {@code /ws/events}: bad tokens, odd {@code callId} filters, frames
 * sent to a socket that only sends, clients that come and go or stop reading in the middle of a
 * burst; the cases of issue 9 and generated ones (seeded, so a failure replays). Whatever they
 * do, the gateway answers each with a 4xx or closes it, stays up, logs no ERROR, and a subscriber
 * that reads gets every event of its call in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventsSocketAbuseTest {
    private static final String TOKEN = "abuse-suite-token-0123456789abcdef";
    private static final long SEED = 9_0509L;
    private static final String DIGITS = "0123456789*#";

    @TempDir
    Path dir;
    GatewayFixture gw;
    Vertx clients;
    private ServerLog log;

    @BeforeEach
    void start() {
        log = new ServerLog();
        gw = new GatewayFixture(dir, "PORT", String.valueOf(EventsBurstReachesEveryReaderTest.freePort()), "API_TOKEN", TOKEN);
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        clients.close().await();
        gw.close();
        log.close();
        assertThat(log.errors()).as("ERROR lines in the log").isEmpty();
    }

    @Test
    void badOrMissingTokensAndOddFiltersGetA4xx() throws IOException {
        assertThat(status("/ws/events")).startsWith("HTTP/1.1 401");
        assertThat(status("/ws/events?token=wrong")).startsWith("HTTP/1.1 401");
        assertThat(status("/ws/events?token=" + TOKEN.substring(1))).startsWith("HTTP/1.1 401");
        assertThat(status("/ws/events?token=" + TOKEN)).startsWith("HTTP/1.1 101");
        assertThat(status("/ws/events?token=" + TOKEN + "&callId=")).as("empty filter: every call").startsWith("HTTP/1.1 101");
        for (String filter : List.of("%zz", "%", "%E2%98%83", "c_%00", "a%20b", "x".repeat(65), "c_1%3BDROP", "%C0%AF", "..%2F..")) {
            assertThat(status("/ws/events?token=" + TOKEN + "&callId=" + filter)).as("callId=%s", filter).startsWith("HTTP/1.1 400");
        }
        assertThat(status("/ws/events?token=" + TOKEN + "&callId=" + "x".repeat(10_000))).as("a huge filter")
                .matches("HTTP/1.[01] 4(00|14|31) .*");

        Random random = new Random(SEED);
        String alphabet = "abcXYZ019_-%+&=.~!*'()☃é中\u0000\u007f";
        for (int i = 0; i < 200; i++) {
            StringBuilder filter = new StringBuilder();
            int length = random.nextInt(random.nextBoolean() ? 8 : 200);
            for (int j = 0; j < length; j++) filter.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String query = random.nextBoolean() ? URLEncoder.encode(filter.toString(), StandardCharsets.UTF_8) : rawQuery(filter);
            String token = random.nextInt(4) == 0 ? "x" + random.nextInt() : TOKEN;
            String status = status("/ws/events?token=" + token + "&callId=" + query);
            assertThat(status).as("seed %d, case %d: callId=%s token=%s", SEED, i, query, token).matches("HTTP/1.[01] (101|400|401|414|431) .*");
        }
        await().until(() -> Calls.metric(gw, "callbridge_events_subscribers") == 0);
        assertThat(gw.get("/health").status()).isEqualTo(200);
    }

    @Test
    void framesSentToTheListenOnlySocketCostTheReaderNothing() throws Exception {
        Calls.StreamAnswer answer = Calls.answered(gw, RawTwilioStream.CALL_SID);
        String callId = answer.callId();
        String uri = "/ws/events?token=" + TOKEN + "&callId=" + callId;
        EventsReader reader = new EventsReader(clients, gw.port(), uri);
        Random random = new Random(SEED);
        List<EventsReader> talkers = new ArrayList<>();
        for (int i = 0; i < 4; i++) talkers.add(new EventsReader(clients, gw.port(), uri));
        List<RawEventsSubscriber> garbage = new ArrayList<>();
        for (int i = 0; i < 4; i++) garbage.add(new RawEventsSubscriber(gw.port(), uri));
        try (RawTwilioStream twilio = new RawTwilioStream(clients, gw.port()); Closer closer = () -> closeAll(garbage)) {
            twilio.connected();
            twilio.start(answer);
            StringBuilder sent = new StringBuilder();
            for (int round = 0; round < 40; round++) {
                for (EventsReader t : talkers) {
                    if (t.isClosed()) continue;
                    byte[] bytes = new byte[random.nextInt(4096)];
                    random.nextBytes(bytes);
                    switch (random.nextInt(3)) {
                        case 0 -> t.socket().writeTextMessage("{\"subscribe\":\"" + random.nextInt() + "\"}");
                        case 1 -> t.socket().writeBinaryMessage(Buffer.buffer(bytes));
                        default -> t.socket().writePing(Buffer.buffer("ping"));
                    }
                }
                for (RawEventsSubscriber g : garbage) {
                    byte[] bytes = new byte[1 + random.nextInt(512)];
                    random.nextBytes(bytes); // unmasked, reserved bits, bad opcodes, lengths that lie
                    try {
                        g.send(bytes);
                    } catch (IOException closedByTheServer) {
                        // fine: that is what garbage may get
                    }
                }
                sent.append(pressDtmf(twilio, sent.length(), 25));
            }
            assertEveryPress(reader, sent.toString());
        }
        talkers.forEach(EventsReader::close);
        reader.close();
        await().until(() -> Calls.metric(gw, "callbridge_events_subscribers") == 0);
        assertThat(gw.get("/health").status()).isEqualTo(200);
    }

    @Test
    void clientsThatComeGoAndStopReadingMidBurstCostTheReaderNothing() throws Exception {
        Calls.StreamAnswer answer = Calls.answered(gw, RawTwilioStream.CALL_SID);
        String callId = answer.callId();
        String uri = "/ws/events?token=" + TOKEN + "&callId=" + callId;
        String everyCall = "/ws/events?token=" + TOKEN;
        EventsReader reader = new EventsReader(clients, gw.port(), uri);
        Random random = new Random(SEED);
        List<RawEventsSubscriber> stalled = new ArrayList<>();
        try (RawTwilioStream twilio = new RawTwilioStream(clients, gw.port()); Closer closer = () -> closeAll(stalled)) {
            twilio.connected();
            twilio.start(answer);
            StringBuilder sent = new StringBuilder();
            for (int round = 0; round < 60; round++) {
                switch (random.nextInt(4)) {
                    case 0 -> new EventsReader(clients, gw.port(), random.nextBoolean() ? uri : everyCall).close();
                    case 1 -> {
                        try (RawEventsSubscriber abrupt = new RawEventsSubscriber(gw.port(), uri)) {
                            abrupt.socket.setSoLinger(true, 0); // a reset, not a close frame
                        }
                    }
                    case 2 -> {
                        RawEventsSubscriber s = new RawEventsSubscriber(gw.port(), random.nextBoolean() ? uri : everyCall);
                        s.read(random.nextInt(2000)); // reads a little, then never again
                        stalled.add(s);
                    }
                    default -> { }
                }
                sent.append(pressDtmf(twilio, sent.length(), 50));
            }
            assertEveryPress(reader, sent.toString());
        }
        reader.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> Calls.metric(gw, "callbridge_events_subscribers") == 0);
        assertThat(gw.get("/health").status()).isEqualTo(200);
    }

    private interface Closer extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static void closeAll(List<RawEventsSubscriber> sockets) throws IOException {
        for (RawEventsSubscriber s : sockets) s.close();
    }

    private static String rawQuery(StringBuilder filter) {
        // As typed, minus what cannot be on a request line at all (it would not be a request).
        return filter.toString().replaceAll("[\\u0000-\\u0020\\u007f#]", "_");
    }

    /** The status line {@code uri}'s upgrade gets. */
    private String status(String uri) throws IOException {
        try (RawEventsSubscriber s = new RawEventsSubscriber(gw.port(), uri)) {
            return s.handshakeStatus;
        }
    }

    private static String pressDtmf(RawTwilioStream twilio, int sentSoFar, int presses) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < presses; i++) {
            char digit = DIGITS.charAt((sentSoFar + i) % DIGITS.length());
            digits.append(digit);
            twilio.ws.writeTextMessage("{\"event\":\"dtmf\",\"streamSid\":\"" + RawTwilioStream.STREAM_SID
                    + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + digit + "\"}}");
        }
        return digits.toString();
    }

    private static void assertEveryPress(EventsReader reader, String sent) {
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.isClosed()
                || reader.received.stream().filter(m -> m.startsWith("{\"type\":\"dtmf\"")).count() >= sent.length());
        assertThat(reader.isClosed()).as("the reading subscriber is left alone").isFalse();
        String got = reader.received.stream().filter(m -> m.startsWith("{\"type\":\"dtmf\""))
                .map(m -> m.replaceAll(".*\"digit\":\"(.)\".*", "$1")).reduce("", String::concat);
        assertThat(got).isEqualTo(sent);
    }
}
