package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A media client that floods 10,000 frames a second and never reads its echoes costs the server
 * a bounded amount of memory: it is cut off with a counted reason and its call ends saying why,
 * while a normal call on the same server keeps every echo and a sane round trip. Measured on a
 * real {@code serve} process, so the heap is the server's alone.
 */
class NonReadingMediaClientIsCutOffTest {
    private static final Duration FLOOD = Duration.ofSeconds(20);
    private static final int FRAMES_PER_10_MS = 100; // 10,000 frames/s
    private static final long MAX_GROWTH_BYTES = 40L << 20;
    private static final Pattern SEQ = Pattern.compile("\"payload\":\"([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path dir;

    @Test
    void theFloodIsCutOffAndTheHeapStaysFlatWhileANormalCallKeepsItsEchoes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServeProcess serve = ServeProcess.start(dir, Map.of())) {
            // A normal call, echoing one frame every 20 ms throughout.
            Calls.StreamAnswer normalAnswer = Calls.answered(serve, "CA0000000000000000000000000000000b", Map.of());
            String normalId = normalAnswer.callId();
            RawTwilioStream normal = new RawTwilioStream(vertx, serve.port());
            Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
            Map<Integer, Long> rtt = new ConcurrentHashMap<>();
            normal.ws.textMessageHandler(text -> {
                Matcher m = SEQ.matcher(text);
                if (!text.contains("\"event\":\"media\"") || !m.find()) return;
                int seq = ByteBuffer.wrap(Base64.getDecoder().decode(m.group(1))).getInt();
                Long t0 = sentAt.get(seq);
                if (t0 != null) rtt.putIfAbsent(seq, System.nanoTime() - t0);
            });
            normal.connected();
            normal.start(normalAnswer);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> serve.get("/api/calls/" + normalId).json().path("status").asText().equals("in-progress"));
            AtomicLong normalSeq = new AtomicLong();
            long normalTimer = vertx.setPeriodic(20, id -> {
                int seq = (int) normalSeq.incrementAndGet();
                byte[] audio = new byte[160];
                ByteBuffer.wrap(audio).putInt(seq);
                sentAt.put(seq, System.nanoTime());
                normal.ws.writeTextMessage("{\"event\":\"media\",\"media\":{\"payload\":\""
                        + Base64.getEncoder().encodeToString(audio) + "\"},\"streamSid\":\"" + RawTwilioStream.STREAM_SID + "\"}");
            });

            long heapBefore = serve.liveHeapBytes();

            // The flooder: a socket that writes and never reads.
            Calls.StreamAnswer floodAnswer = Calls.answered(serve, "CA0000000000000000000000000000000a", Map.of());
            String floodId = floodAnswer.callId();
            RawWebSocket flooder = RawWebSocket.connect(serve.port(), "/ws/twilio-media");
            flooder.sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
            flooder.sendText(RawTwilioStream.startMessage("MZ0000000000000000000000000000000a", "CA0000000000000000000000000000000a",
                    floodAnswer.parameters()));
            byte[] burst = floodBurst();
            long floodEnd = System.nanoTime() + FLOOD.toNanos();
            long framesWritten = 0;
            long cutOffAfterMs = -1;
            long floodStart = System.nanoTime();
            for (long next = System.nanoTime(); System.nanoTime() < floodEnd; next += 10_000_000) {
                if (cutOffAfterMs < 0) {
                    try {
                        flooder.writeRaw(burst);
                        framesWritten += FRAMES_PER_10_MS;
                    } catch (IOException e) {
                        cutOffAfterMs = (System.nanoTime() - floodStart) / 1_000_000;
                    }
                }
                long sleep = next + 10_000_000 - System.nanoTime();
                if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }

            long heapAfter = serve.liveHeapBytes(); // the flooder's socket is still open on our side
            vertx.cancelTimer(normalTimer);
            long growth = heapAfter - heapBefore;
            int sent = (int) normalSeq.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> rtt.size() >= sent);
            long[] rtts = rtt.values().stream().mapToLong(Long::longValue).sorted().toArray();
            double p99Ms = rtts[(int) Math.min(rtts.length - 1, Math.ceil(rtts.length * 0.99) - 1)] / 1e6;
            String figures = String.format("live heap %.1f -> %.1f MB (growth %.1f MB); flooder wrote %d frames, cut off after %s; "
                            + "normal call: %d/%d echoes, p99 round trip %.1f ms",
                    heapBefore / 1048576.0, heapAfter / 1048576.0, growth / 1048576.0, framesWritten,
                    cutOffAfterMs < 0 ? "never" : cutOffAfterMs + " ms", rtt.size(), sent, p99Ms);
            System.out.println("NonReadingMediaClientIsCutOffTest: " + figures);

            assertThat(growth).as(figures).isLessThan(MAX_GROWTH_BYTES);
            assertThat(rtt.size()).as(figures).isEqualTo(sent);
            assertThat(p99Ms).as(figures).isLessThan(250);
            // The flooder was cut off, counted, and its call says why; the normal call is untouched.
            assertThat(cutOffAfterMs).as(figures).isGreaterThanOrEqualTo(0);
            assertThat(Calls.metric(serve, "callbridge_media_peers_cut_off_total", "reason=\"send_backlog\"")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> serve.get("/api/calls/" + floodId).json().path("status").asText().equals("failed"));
            assertThat(serve.get("/api/calls/" + floodId).json().path("endReason").asText()).startsWith("media-send-backlog");
            assertThat(serve.get("/api/calls/" + normalId).json().path("status").asText()).isEqualTo("in-progress");
            flooder.close();
            normal.close();
        } finally {
            vertx.close().await();
        }
    }

    /** 10 ms of flood: 100 masked media frames of 20 ms each, built once. */
    private static byte[] floodBurst() {
        byte[] audio = new byte[160];
        Arrays.fill(audio, (byte) 0x7f);
        byte[] frame = RawWebSocket.textFrame("{\"event\":\"media\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"},\"streamSid\":\"MZ0000000000000000000000000000000a\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES_PER_10_MS; i++) out.writeBytes(frame);
        return out.toByteArray();
    }
}
