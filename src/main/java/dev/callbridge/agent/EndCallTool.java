package dev.callbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Future;

/**
 * {@code end_call}: the model says goodbye, and the call ends once the caller has heard it. The
 * goodbye may come in the same answer as the call, or after it; the realtime agent handles both.
 */
public final class EndCallTool implements AgentTool {
    private static final FunctionTool DEFINITION = new FunctionTool("end_call",
            "End the phone call. Call it when the conversation is finished, with a short spoken goodbye.",
            CallJson.mapper().createObjectNode().put("type", "object").set("properties", CallJson.mapper().createObjectNode()));

    @Override
    public FunctionTool definition() {
        return DEFINITION;
    }

    @Override
    public Future<Result> call(JsonNode arguments, CallContext call) {
        return Future.succeededFuture(new Result("{\"status\":\"ending\",\"say\":\"a short goodbye\"}", true));
    }
}
