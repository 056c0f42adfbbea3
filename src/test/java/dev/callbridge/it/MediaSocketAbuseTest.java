package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ws/twilio-media} under generated abuse, from a seeded {@link Random} so a failure
 * reproduces (the seed is in the failure message): garbled and mistyped JSON, huge numbers,
 * messages in any order, starts for unknown calls, binary and malformed frames, sockets dropped
 * mid-message. Whatever comes, the gateway stays up, logs no ERROR, and answers a normal call
 * afterwards.
 */
class MediaSocketAbuseTest {
    private static final long SEED = Long.getLong("abuse.seed", 20260921L);
    private static final int SOCKETS = 150;
    private static final String SID = "MZ000000000000000000000000000000ab";
    private static final String AUDIO = Base64.getEncoder().encodeToString(new byte[160]);

    @TempDir
    Path dir;

    @Test
    void generatedAbuseLeavesTheGatewayServingCalls() throws Exception {
        Random random = new Random(SEED);
        JsonMutator mutator = new JsonMutator(random);
        ServerLog log = new ServerLog();
        try (GatewayFixture gw = new GatewayFixture(dir, "MAX_CONCURRENT_CALLS", "1000")) {
            for (int s = 0; s < SOCKETS; s++) abuseOneSocket(gw, random, mutator, s);

            // A normal call still echoes, and the gateway says it is up.
            Calls.StreamAnswer answer = Calls.answered(gw, "CA0000000000000000000000000000ffff");
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                twilio.media(2, AUDIO);
                await().atMost(Duration.ofSeconds(5)).until(() -> twilio.received.stream().anyMatch(m -> m.contains(AUDIO)));
            }
            assertThat(gw.get("/health").status()).as("seed %d", SEED).isEqualTo(200);
        } finally {
            log.close(); // after the gateway's own shutdown, which is logged too
        }
        List<String> errors = log.errors();
        assertThat(errors).as("ERROR lines (seed %d)", SEED).isEmpty();
    }

    private void abuseOneSocket(GatewayFixture gw, Random random, JsonMutator mutator, int n) throws IOException {
        Calls.StreamAnswer answer = random.nextInt(10) < 6 ? Calls.answered(gw, String.format("CA%032x", n)) : null;
        try (RawWebSocket ws = RawWebSocket.connect(gw.port(), "/ws/twilio-media")) {
            try {
                if (answer != null && random.nextBoolean()) ws.sendText(start(answer.parameters()));
                for (int i = 0, count = 5 + random.nextInt(30); i < count; i++) {
                    String valid = validMessage(random, answer);
                    switch (random.nextInt(10)) {
                        case 0, 1, 2 -> ws.sendText(valid);
                        case 3 -> ws.send(true, 0, RawWebSocket.BINARY, randomBytes(random, 1 + random.nextInt(200)));
                        case 4 -> { // a message in fragments
                            byte[] bytes = mutator.mutate(valid).getBytes(StandardCharsets.UTF_8);
                            int cut = random.nextInt(bytes.length + 1);
                            ws.send(false, 0, RawWebSocket.TEXT, java.util.Arrays.copyOf(bytes, cut));
                            ws.send(true, 0, RawWebSocket.CONTINUATION, java.util.Arrays.copyOfRange(bytes, cut, bytes.length));
                        }
                        case 5 -> { // anything at all as a frame: any opcode, reserved bits, bytes
                            if (random.nextInt(4) == 0) {
                                ws.send(random.nextBoolean(), random.nextInt(8) << 4, random.nextInt(16), randomBytes(random, random.nextInt(300)));
                            } else {
                                ws.sendText(mutator.mutate(valid));
                            }
                        }
                        default -> ws.sendText(mutator.mutate(valid));
                    }
                }
                if (random.nextBoolean()) ws.send(true, 0, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8});
            } catch (IOException e) {
                // the gateway closed this socket: a fine answer to abuse
            }
        } // else dropped without a close frame
    }

    private String validMessage(Random random, Calls.StreamAnswer answer) {
        return switch (random.nextInt(7)) {
            case 0 -> "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
            case 1 -> start(startParameters(random, answer));
            case 2 -> "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"" + SID + "\",\"mark\":{\"name\":\"m" + random.nextInt(5) + "\"}}";
            case 3 -> "{\"event\":\"dtmf\",\"streamSid\":\"" + SID + "\",\"sequenceNumber\":\"5\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\""
                    + "0123456789*#".charAt(random.nextInt(12)) + "\"}}";
            case 4 -> "{\"event\":\"stop\",\"sequenceNumber\":\"6\",\"stop\":{\"accountSid\":\"AC00000000000000000000000000000001\","
                    + "\"callSid\":\"CA00000000000000000000000000000001\"},\"streamSid\":\"" + SID + "\"}";
            default -> "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"40\","
                    + "\"payload\":\"" + AUDIO + "\"},\"streamSid\":\"" + SID + "\"}";
        };
    }

    /** What a {@code start} names: the call's own parameters, its id with a wrong token or none, or a call that does not exist. */
    private static Map<String, String> startParameters(Random random, Calls.StreamAnswer answer) {
        String unknown = "c_" + Long.toHexString(random.nextLong());
        if (answer == null) return Map.of("callId", unknown);
        return switch (random.nextInt(4)) {
            case 0 -> answer.parameters();
            case 1 -> Map.of("callId", answer.callId());
            case 2 -> Map.of("callId", answer.callId(), "callToken", Long.toHexString(random.nextLong()));
            default -> Map.of("callId", unknown, "callToken", answer.parameters().getOrDefault("callToken", ""));
        };
    }

    private static String start(Map<String, String> customParameters) {
        return RawTwilioStream.startMessage(SID, "CA00000000000000000000000000000001", customParameters);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
