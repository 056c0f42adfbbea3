package dev.callbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** JSON in and out of route handlers. */
final class Json {
    private Json() {}

    static void send(RoutingContext rc, int status, JsonNode body) {
        if (rc.response().ended()) return;
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(CallJson.write(body));
    }

    /** The request body as a JSON object, or a 400 saying what is wrong with it. */
    static JsonNode body(RoutingContext rc) {
        String text;
        try {
            text = rc.body() == null ? null : rc.body().asString();
        } catch (UnsupportedCharsetException e) {
            // RequestScreen refuses these first; this keeps a handler reached another way honest.
            throw ApiError.badRequest("Content-Type: unknown charset '" + RequestScreen.printable(e.getCharsetName()) + "'");
        } catch (IllegalCharsetNameException e) {
            throw ApiError.badRequest("Content-Type: unknown charset '" + RequestScreen.printable(e.getCharsetName()) + "'");
        }
        if (text == null || text.isBlank()) throw ApiError.badRequest("request body: a JSON object is required");
        JsonNode node;
        try {
            node = CallJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "bad_json", "request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw ApiError.badRequest("request body: must be a JSON object");
        return node;
    }

    static void error(RoutingContext rc, ApiError e) {
        if (rc.response().ended()) return;
        error(rc.response(), e);
    }

    /** Ends {@code response} with {@code e} in the error shape; for responses made outside a route too. */
    static Future<Void> error(HttpServerResponse response, ApiError e) {
        return response.setStatusCode(e.status()).putHeader("Content-Type", "application/json").end(errorText(e));
    }

    static String errorText(ApiError e) {
        return CallJson.write(CallJson.mapper().createObjectNode()
                .set("error", CallJson.mapper().createObjectNode().put("code", e.code()).put("message", e.getMessage())));
    }
}
