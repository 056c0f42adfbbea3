package dev.callbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An operator's tool: the model's arguments are POSTed as JSON to a URL (typically an n8n
 * webhook answering "when last node finishes") and the response body goes back to the model.
 * Failures go back too, as JSON the model can explain to the caller; a tool never ends a call.
 */
public final class HttpTool implements AgentTool {
    /** Longest tool answer handed to the model; the rest is cut so a chatty endpoint cannot flood the session. */
    static final int MAX_OUTPUT_CHARS = 8 * 1024;

    /** One entry of the tools file. */
    public record Declaration(String name, String description, JsonNode parameters, URI url, Map<String, String> headers,
                              Duration timeout) {
        public Declaration {
            headers = Map.copyOf(headers);
        }
    }

    private final Declaration declaration;
    private final FunctionTool definition;
    private final HttpClient http;

    public HttpTool(Declaration declaration, HttpClient http) {
        this.declaration = declaration;
        this.definition = new FunctionTool(declaration.name(), declaration.description(), declaration.parameters());
        this.http = http;
    }

    @Override
    public FunctionTool definition() {
        return definition;
    }

    @Override
    public Future<Result> call(JsonNode arguments, CallContext call) {
        ObjectNode body = CallJson.mapper().createObjectNode().put("tool", declaration.name());
        body.put("callId", call.record() == null ? null : call.record().id());
        body.set("arguments", arguments);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(declaration.url().toString())
                .setTimeout(declaration.timeout().toMillis()).putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/plain");
        declaration.headers().forEach(options::putHeader);
        long ms = declaration.timeout().toMillis();
        String within = ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
        return http.request(options)
                // The body is read in the callback that receives the response: a hop later, it could be gone.
                .compose(req -> req.send(CallJson.write(body)).compose(resp -> resp.body().map(b -> {
                    String text = b.toString();
                    if (text.length() > MAX_OUTPUT_CHARS) text = text.substring(0, MAX_OUTPUT_CHARS);
                    if (resp.statusCode() >= 200 && resp.statusCode() < 300) return Result.of(text.isBlank() ? "{\"status\":\"ok\"}" : text);
                    return Result.of(error("the tool answered HTTP " + resp.statusCode(), text));
                })))
                .otherwise(e -> Result.of(error(e instanceof java.util.concurrent.TimeoutException
                        || String.valueOf(e.getMessage()).contains("timeout")
                        ? "the tool did not answer within " + within : "the tool could not be reached", e.getMessage())));
    }

    private static String error(String what, String detail) {
        ObjectNode e = CallJson.mapper().createObjectNode().put("error", what);
        if (detail != null && !detail.isBlank()) e.put("detail", detail.length() > 200 ? detail.substring(0, 200) : detail);
        return CallJson.write(e);
    }
}
