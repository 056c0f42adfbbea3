import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * scripts/bench-webhooks' receiver: a real HTTP endpoint that checks each delivery's
 * X-Callbridge-Signature (HMAC-SHA256 of "t." + body, as the README tells receivers to) and counts
 * them. Started held: deliveries wait unanswered (the gateway's senders block on them) until
 * POST /release, so a backlog builds up in the outbox; then it answers 200 to everything and
 * GET /stats tells how many arrived and when, to time the drain.
 * Usage: java scripts/WebhookSink.java PORT SECRET [--released]
 */
public class WebhookSink {
    private static final AtomicLong accepted = new AtomicLong();
    private static final AtomicLong badSignatures = new AtomicLong();
    private static volatile long releasedAt; // nanoTime, 0 while held
    private static volatile long lastAt;
    private static final CountDownLatch release = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        if (args.length > 2 && args[2].equals("--released")) open();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (valid(ex.getRequestHeaders().getFirst("X-Callbridge-Signature"), body, secret)) {
                accepted.incrementAndGet();
                lastAt = System.nanoTime();
                reply(ex, 200, "");
            } else {
                badSignatures.incrementAndGet();
                reply(ex, 400, "bad signature"); // a 4xx is not retried: the row goes dead and the bench says so
            }
        });
        server.createContext("/release", ex -> {
            open();
            reply(ex, 200, "");
        });
        server.createContext("/stats", ex -> {
            long released = releasedAt;
            long last = lastAt;
            double drainSeconds = released == 0 || last < released ? 0 : (last - released) / 1e9;
            reply(ex, 200, "{\"accepted\":" + accepted.get() + ",\"badSignatures\":" + badSignatures.get()
                    + ",\"secondsSinceLast\":" + (last == 0 ? -1 : (System.nanoTime() - last) / 1e9)
                    + ",\"drainSeconds\":" + drainSeconds + "}");
        });
        server.start();
    }

    private static synchronized void open() {
        if (releasedAt != 0) return;
        accepted.set(0);
        lastAt = 0;
        releasedAt = System.nanoTime();
        release.countDown();
    }

    private static boolean valid(String header, byte[] body, byte[] secret) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) return false;
        String t = header.substring(2, header.indexOf(','));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring(header.indexOf("v1=") + 3)));
        } catch (Exception e) {
            return false;
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
        ex.close();
    }
}
