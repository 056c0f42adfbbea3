package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.engine.translate.FakeTranslationServer.Reply;
import dev.callbridge.engine.translate.FakeTranslationServer.Served;
import io.vertx.core.MultiMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * apertium-apy 0.11 as its handlers answer (docs/protocols/apertium-apy.md): {@code /translate} by
 * GET or POST form alike, {@code langpair} in 3-letter codes (apy also turns 2-letter ones into
 * 3-letter, as here), {@code *} before unknown words unless {@code markUnknown=no}, a leading space
 * the pipeline sometimes leaves, and errors as an HTTP status with
 * {@code {"status":"error","code":…,"message":…,"explanation":…}}; {@code /listPairs} lists the
 * installed pairs, including variants like {@code eng_US}. Adversarial: with its seed the pairs come
 * in any order and the answer's keys too.
 */
public final class FakeApertiumApy implements FakeTranslationServer.Vendor {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> PAIRS = List.of("eng|spa", "spa|eng", "spa|eng_US");
    private static final Map<String, String> ALPHA3 = Map.of("en", "eng", "es", "spa", "fr", "fra");
    /** Word by word, as a shallow-transfer engine would; any other word is unknown. */
    private static final Map<String, String> WORDS = Map.of("good", "buenos", "morning", "días", "friend", "amigo",
            "where", "dónde", "is", "está", "the", "la", "station", "estación");

    private final Random random;
    private final List<String> pairs;

    public FakeApertiumApy(long seed) {
        this(seed, PAIRS);
    }

    /** @param pairs the installed pairs, {@code "eng|spa"}; one listed one way only translates only that way */
    public FakeApertiumApy(long seed, List<String> pairs) {
        this.random = new Random(seed);
        this.pairs = List.copyOf(pairs);
    }

    @Override
    public synchronized Reply answer(Served request) {
        MultiMap args = arguments(request);
        return switch (request.path()) {
            case "/listPairs" -> listPairs();
            case "/translate" -> translate(args);
            default -> error(404, "Not Found", "Resource requested does not exist. URL may have been mistyped");
        };
    }

    private Reply translate(MultiMap args) {
        if (args.get("langpair") == null) return error(400, "Bad Request", "Missing argument langpair");
        if (args.get("q") == null) return error(400, "Bad Request", "Missing argument q");
        String[] pair = args.get("langpair").split("\\|");
        if (pair.length != 2) return error(400, "Bad Request", "That pair is invalid, use e.g. eng|spa");
        String l1 = ALPHA3.getOrDefault(pair[0], pair[0]);
        String l2 = ALPHA3.getOrDefault(pair[1], pair[1]);
        if (!pairs.contains(l1 + "|" + l2)) return error(400, "Bad Request", "That pair is not installed");
        boolean mark = List.of("yes", "true", "1").contains(args.get("markUnknown") == null ? "yes" : args.get("markUnknown").toLowerCase());
        String text = List.of(args.get("q").split(" ")).stream().map(w -> {
            String t = WORDS.get(w.toLowerCase());
            return t != null ? t : mark ? "*" + w : w;
        }).collect(Collectors.joining(" "));
        ObjectNode answer = JSON.createObjectNode();
        List<Runnable> fields = new ArrayList<>(List.of(
                () -> answer.putObject("responseData").put("translatedText", (random.nextBoolean() ? " " : "") + text),
                () -> answer.putNull("responseDetails"),
                () -> answer.put("responseStatus", 200)));
        java.util.Collections.shuffle(fields, random);
        fields.forEach(Runnable::run);
        return Reply.json(200, answer.toString()).header("Content-Type", "application/json; charset=UTF-8");
    }

    private Reply listPairs() {
        List<String> listed = new ArrayList<>(pairs);
        java.util.Collections.shuffle(listed, random);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode data = answer.putArray("responseData");
        for (String p : listed) data.addObject().put("sourceLanguage", p.split("\\|")[0]).put("targetLanguage", p.split("\\|")[1]);
        answer.putNull("responseDetails").put("responseStatus", 200);
        return Reply.json(200, answer.toString());
    }

    /** Tornado's arguments: the query string's, then a form body's. */
    private static MultiMap arguments(Served request) {
        MultiMap args = MultiMap.caseInsensitiveMultiMap().addAll(request.query());
        String type = request.headers().get("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded") && !request.body().isEmpty()) {
            for (String kv : request.body().split("&")) {
                int eq = kv.indexOf('=');
                if (eq < 0) continue;
                args.add(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return args;
    }

    static Reply error(int status, String message, String explanation) {
        return Reply.json(status, JSON.createObjectNode().put("status", "error").put("code", status).put("message", message)
                .put("explanation", explanation).toString()).header("Content-Type", "application/json; charset=UTF-8");
    }
}
