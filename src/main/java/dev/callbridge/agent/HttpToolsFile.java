package dev.callbridge.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's tools file: a JSON array of
 * {@code {"name","description","parameters","url","headers"?,"timeoutMs"?}}. Every refusal
 * names the entry and the field, so a typo is found before the first call.
 */
public final class HttpToolsFile {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);
    private static final Set<String> BUILT_IN = Set.of("end_call", "send_dtmf", "transfer_call");

    private HttpToolsFile() {}

    public static List<HttpTool.Declaration> parse(String json) {
        JsonNode root;
        try {
            root = CallJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tools file is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException("tools file must be a JSON array of tools");
        List<HttpTool.Declaration> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            HttpTool.Declaration d = entry(root.get(i), "tools[" + i + "]");
            if (!names.add(d.name())) throw new IllegalArgumentException("tools[" + i + "].name: '" + d.name() + "' is declared twice");
            tools.add(d);
        }
        return tools;
    }

    private static HttpTool.Declaration entry(JsonNode node, String at) {
        if (!node.isObject()) throw new IllegalArgumentException(at + ": must be an object");
        String name = text(node, at, "name");
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException(at + ".name: '" + name + "' must be 1-64 of a-z A-Z 0-9 _ -");
        if (BUILT_IN.contains(name)) throw new IllegalArgumentException(at + ".name: '" + name + "' is a built-in tool");
        String description = text(node, at, "description");
        JsonNode parameters = node.get("parameters");
        if (parameters == null || !parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
            throw new IllegalArgumentException(at + ".parameters: must be a JSON Schema with \"type\":\"object\"");
        }
        URI url;
        try {
            url = new URI(text(node, at, "url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(at + ".url: not a valid URL");
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException(at + ".url: must be an absolute http(s) URL");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (h != null) {
            if (!h.isObject()) throw new IllegalArgumentException(at + ".headers: must be an object of strings");
            h.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) throw new IllegalArgumentException(at + ".headers." + e.getKey() + ": must be a string");
                headers.put(e.getKey(), e.getValue().asText());
            });
        }
        Duration timeout = DEFAULT_TIMEOUT;
        JsonNode t = node.get("timeoutMs");
        if (t != null) {
            if (!t.canConvertToInt() || t.asInt() < 100 || t.asInt() > 120_000) {
                throw new IllegalArgumentException(at + ".timeoutMs: must be a whole number from 100 to 120000");
            }
            timeout = Duration.ofMillis(t.asInt());
        }
        return new HttpTool.Declaration(name, description, parameters, url, headers, timeout);
    }

    private static String text(JsonNode node, String at, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new IllegalArgumentException(at + "." + field + ": required, a string");
        return v.asText();
    }
}
