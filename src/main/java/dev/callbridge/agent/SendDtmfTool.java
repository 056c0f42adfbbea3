package dev.callbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.audio.DtmfTones;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Future;

/** {@code send_dtmf}: press keys on the call, e.g. to get through a phone menu. */
public final class SendDtmfTool implements AgentTool {
    private static final FunctionTool DEFINITION;

    static {
        ObjectNode schema = CallJson.mapper().createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("digits").put("type", "string")
                .put("description", "keys to press: 0-9, *, #, A-D").put("pattern", "^[0-9*#A-Da-d]+$");
        schema.putArray("required").add("digits");
        DEFINITION = new FunctionTool("send_dtmf", "Press keys (DTMF) on the phone call.", schema);
    }

    @Override
    public FunctionTool definition() {
        return DEFINITION;
    }

    @Override
    public Future<Result> call(JsonNode arguments, CallContext call) {
        String digits = arguments.path("digits").asText("");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> DtmfTones.isDtmf((char) c))) {
            return Future.succeededFuture(Result.of("{\"error\":\"digits must be 0-9, *, #, A-D\"}"));
        }
        call.legs().get(0).sendDtmf(digits);
        return Future.succeededFuture(Result.of("{\"status\":\"sent\",\"digits\":\"" + digits + "\"}"));
    }
}
