package dev.callbridge.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function a model may call: its name, description and JSON-schema parameters. One type for
 * every model an agent talks to (the Realtime session's tools, a chat model's), so an agent's
 * tools are declared once and offered to either.
 *
 * @param description may be null
 * @param parameters  a JSON Schema object; copied, so the record stays immutable
 */
public record FunctionTool(String name, String description, JsonNode parameters) {
    public FunctionTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("parameters of tool " + name + " must be a JSON Schema object");
        }
        parameters = parameters.deepCopy();
    }

    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }
}
