package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's Graph API for WhatsApp as /work/shared/protocols/whatsapp-cloud.md describes it, message by
 * message: {@code POST /{v}/{phone-number-id}/messages} (text, template, mark read) with a Bearer
 * token, {@code GET /{v}/{media-id}} and the media download (same token), and error bodies in Meta's
 * shape ({@code {"error":{"message","type","code","error_data","fbtrace_id"}}}).
 *
 * <p>Adversarial with its seed: answers carry or omit {@code contacts}, {@code message_status},
 * extra fields; media info sometimes omits {@code file_size}/{@code sha256}. A request that breaks
 * the protocol is answered 400 (code 100) and kept in {@link #violations}.
 */
public final class FakeGraphApi implements AutoCloseable {
    public static final String VERSION = "v21.0";
    public static final String PHONE_NUMBER_ID = "106540352242922";
    public static final String TOKEN = "EAAG-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MESSAGES = Pattern.compile("/(v[0-9]+\\.[0-9]+)/([0-9]+)/messages");
    private static final Pattern MEDIA = Pattern.compile("/(v[0-9]+\\.[0-9]+)/([A-Za-z0-9_-]+)");
    private static final Pattern DOWNLOAD = Pattern.compile("/whatsapp_business/attachments/([A-Za-z0-9_-]+)");

    /** One request as received. */
    public record Served(String method, String path, String authorization, JsonNode body) {
        public boolean isText() {
            return body != null && "text".equals(body.path("type").asText());
        }
    }

    /** A scripted error answer for the next sends: HTTP status and Meta's code and message. */
    public record Failure(int status, int code, String message) {}

    private final Vertx vertx;
    private final Random random;
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Map<String, String> mediaTypes = new ConcurrentHashMap<>();
    private final Set<String> windowClosed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Set<String> allowedList;
    private HttpServer server;

    private FakeGraphApi(Vertx vertx, long seed) {
        this.vertx = vertx;
        this.random = new Random(seed);
    }

    public static FakeGraphApi start(Vertx vertx, long seed) {
        FakeGraphApi fake = new FakeGraphApi(vertx, seed);
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        fake.server.listen(0, "127.0.0.1").await();
        return fake;
    }

    /** As WHATSAPP_API_URL would be: the base without a version. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The env a gateway needs to talk to this fake. */
    public String[] env(String appSecret, String verifyToken) {
        return new String[] {"WHATSAPP_ACCESS_TOKEN", TOKEN, "WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID,
                "WHATSAPP_APP_SECRET", appSecret, "WHATSAPP_VERIFY_TOKEN", verifyToken,
                "WHATSAPP_API_URL", baseUrl(), "WHATSAPP_API_VERSION", VERSION};
    }

    public synchronized FakeGraphApi failNext(int status, int code, String message) {
        failures.add(new Failure(status, code, message));
        return this;
    }

    /** Free-form sends to this number fail with 131047: the customer has not written for over 24 hours. */
    public FakeGraphApi closeWindow(String waId) {
        windowClosed.add(waId);
        return this;
    }

    /** Only these numbers may be sent to (a test number's allowed list); others fail with 131030. */
    public FakeGraphApi allowOnly(Set<String> waIds) {
        allowedList = Set.copyOf(waIds);
        return this;
    }

    /** A media file the webhook can name by {@code id}. */
    public FakeGraphApi media(String id, byte[] bytes, String mimeType) {
        media.put(id, bytes);
        mediaTypes.put(id, mimeType);
        return this;
    }

    public List<Served> served() {
        return served;
    }

    /** Template sends, in order, refused ones included. */
    public List<Served> sentTemplates() {
        return served.stream().filter(r -> r.body() != null && "template".equals(r.body().path("type").asText())).toList();
    }

    public List<Served> sentTexts() {
        return served.stream().filter(Served::isText).toList();
    }

    public List<String> violations() {
        return violations;
    }

    @Override
    public void close() {
        server.close().await();
    }

    private void onRequest(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            JsonNode json = null;
            if (body.length() > 0) {
                try {
                    json = JSON.readTree(body.getBytes());
                } catch (Exception e) {
                    json = null;
                }
            }
            String auth = req.getHeader("Authorization");
            served.add(new Served(req.method().name(), req.path(), auth, json));
            if (!("Bearer " + TOKEN).equals(auth)) {
                error(req, 401, 190, "Error validating access token: Session has expired or the token is invalid.");
                return;
            }
            Matcher m;
            if (req.method().name().equals("POST") && (m = MESSAGES.matcher(req.path())).matches()) {
                messages(req, m, json);
            } else if (req.method().name().equals("GET") && (m = DOWNLOAD.matcher(req.path())).matches()) {
                byte[] bytes = media.get(m.group(1));
                if (bytes == null) error(req, 404, 100, "media not found");
                else req.response().putHeader("Content-Type", mediaTypes.get(m.group(1))).end(Buffer.buffer(bytes));
            } else if (req.method().name().equals("GET") && (m = MEDIA.matcher(req.path())).matches()) {
                mediaInfo(req, m.group(2));
            } else {
                violation(req, "unknown request " + req.method() + " " + req.path());
            }
        });
    }

    private void messages(HttpServerRequest req, Matcher m, JsonNode body) {
        if (!VERSION.equals(m.group(1))) { violation(req, "version " + m.group(1)); return; }
        if (!PHONE_NUMBER_ID.equals(m.group(2))) { violation(req, "phone number id " + m.group(2)); return; }
        if (!String.valueOf(req.getHeader("Content-Type")).startsWith("application/json")) { violation(req, "Content-Type " + req.getHeader("Content-Type")); return; }
        if (body == null || !body.isObject()) { violation(req, "body is not a JSON object"); return; }
        if (!"whatsapp".equals(body.path("messaging_product").asText())) { violation(req, "messaging_product missing"); return; }
        if (body.has("status")) { // mark read
            if (!"read".equals(body.path("status").asText()) || !body.path("message_id").asText().startsWith("wamid.")) {
                violation(req, "mark read needs status=read and a wamid message_id");
                return;
            }
            json(req, 200, JSON.createObjectNode().put("success", true));
            return;
        }
        String to = body.path("to").asText("");
        if (!to.matches("\\+?[1-9][0-9]{1,14}")) { violation(req, "to " + to); return; }
        String type = body.path("type").asText("");
        switch (type) {
            case "text" -> {
                String text = body.path("text").path("body").asText("");
                if (text.isEmpty() || text.length() > 4096) { violation(req, "text.body must be 1-4096 characters"); return; }
            }
            case "template" -> {
                JsonNode t = body.path("template");
                if (t.path("name").asText("").isEmpty() || t.path("language").path("code").asText("").isEmpty()) {
                    violation(req, "template needs name and language.code");
                    return;
                }
                for (JsonNode component : t.path("components")) {
                    for (JsonNode p : component.path("parameters")) {
                        String text = p.path("text").asText("");
                        // As Meta does: a parameter may not hold new lines, tabs or more than four spaces in a row.
                        if (!"text".equals(p.path("type").asText()) || text.isEmpty() || text.matches("(?s).*([\\n\\t]| {5}).*")) {
                            error(req, 400, 132018, "(#132018) There was an issue with the parameters in your template.");
                            return;
                        }
                    }
                }
            }
            default -> { violation(req, "type " + type); return; }
        }
        String waId = to.startsWith("+") ? to.substring(1) : to;
        Failure f;
        synchronized (this) {
            f = failures.poll();
        }
        if (f != null) { error(req, f.status(), f.code(), f.message()); return; }
        if (allowedList != null && !allowedList.contains(waId)) {
            error(req, 400, 131030, "(#131030) Recipient phone number not in allowed list");
            return;
        }
        if (type.equals("text") && windowClosed.contains(waId)) {
            error(req, 400, 131047, "(#131047) Re-engagement message");
            return;
        }
        ObjectNode ok = JSON.createObjectNode().put("messaging_product", "whatsapp");
        if (random.nextBoolean()) ok.putArray("contacts").addObject().put("input", to).put("wa_id", waId);
        ObjectNode message = ok.putArray("messages").addObject().put("id", "wamid.OUT" + ids.incrementAndGet() + "x" + random.nextInt(1000));
        if (type.equals("template") || random.nextBoolean()) message.put("message_status", "accepted");
        json(req, 200, ok);
    }

    private void mediaInfo(HttpServerRequest req, String id) {
        byte[] bytes = media.get(id);
        if (bytes == null) { error(req, 400, 100, "Unsupported get request. Object with ID '" + id + "' does not exist"); return; }
        ObjectNode n = JSON.createObjectNode().put("messaging_product", "whatsapp")
                .put("url", baseUrl() + "/whatsapp_business/attachments/" + id).put("mime_type", mediaTypes.get(id)).put("id", id);
        if (random.nextBoolean()) n.put("sha256", "0".repeat(64));
        if (random.nextBoolean()) n.put("file_size", bytes.length);
        json(req, 200, n);
    }

    private void violation(HttpServerRequest req, String what) {
        violations.add(what);
        error(req, 400, 100, "(#100) Invalid parameter: " + what);
    }

    private void error(HttpServerRequest req, int status, int code, String message) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode error = e.putObject("error").put("message", message).put("type", "OAuthException").put("code", code);
        if (random.nextBoolean()) error.putObject("error_data").put("messaging_product", "whatsapp").put("details", message);
        error.put("fbtrace_id", "A" + Integer.toHexString(random.nextInt()));
        json(req, status, e);
    }

    private static void json(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /** Wa ids in the order texts were sent to them. */
    public List<String> textRecipients() {
        List<String> out = new ArrayList<>();
        for (Served s : sentTexts()) out.add(s.body().path("to").asText());
        return out;
    }
}
