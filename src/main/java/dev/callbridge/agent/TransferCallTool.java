package dev.callbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.E164;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Future;

/** {@code transfer_call}: hand the caller to a person at another number. */
public final class TransferCallTool implements AgentTool {
    private static final FunctionTool DEFINITION;

    static {
        ObjectNode schema = CallJson.mapper().createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("to").put("type", "string")
                .put("description", "the number to transfer to, in E.164 form like +15551230000");
        schema.putArray("required").add("to");
        DEFINITION = new FunctionTool("transfer_call",
                "Transfer the caller to another phone number. Tell the caller first; the line is handed over at once.", schema);
    }

    @Override
    public FunctionTool definition() {
        return DEFINITION;
    }

    @Override
    public boolean leavesTheLine() {
        return true;
    }

    @Override
    public Future<Result> call(JsonNode arguments, CallContext call) {
        String to = arguments.path("to").asText("");
        if (!E164.isValid(to)) return Future.succeededFuture(Result.of(error("'" + to + "' is not an E.164 number like +15551230000")));
        return call.legs().get(0).transfer(to)
                .map(v -> Result.of(CallJson.write(CallJson.mapper().createObjectNode().put("status", "transferring").put("to", to))))
                .otherwise(e -> Result.of(error("the transfer failed: " + e.getMessage())));
    }

    private static String error(String message) {
        return CallJson.write(CallJson.mapper().createObjectNode().put("error", message));
    }
}
