package dev.callbridge.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function the model may call: the same name, description and JSON-schema parameters an
 * {@code AgentTool} declares for the realtime agent (its {@code FunctionTool}), so an agent
 * offers the same tools to either model. Kept apart from that Realtime type so this seam does
 * not depend on one vendor's protocol package.
 *
 * @param description may be null
 * @param parameters  a JSON Schema object; copied, so the record stays immutable
 */
public record ChatTool(String name, String description, JsonNode parameters) {
    public ChatTool {
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
