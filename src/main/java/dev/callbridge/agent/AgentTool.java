package dev.callbridge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Future;

/**
 * Something the model may call during a call: built in ({@link EndCallTool}, {@link SendDtmfTool})
 * or declared by the operator. Runs on the call's context and must not block; slow work returns
 * a future.
 */
public interface AgentTool {
    /** Name, description and JSON-schema parameters, as the model sees them. */
    FunctionTool definition();

    Future<Result> call(JsonNode arguments, CallContext call);

    /**
     * Its effect takes the caller off this line at once (a transfer ends the media stream): an agent
     * that can, runs it only once the caller has heard the words before it ("putting you through").
     */
    default boolean leavesTheLine() {
        return false;
    }

    /**
     * @param output             what goes back to the model (text, usually JSON)
     * @param endCallWhenHeard   hang up once the goodbye has been heard: the audio of the response that
     *                           called the tool, or, if it had none, the model's next answer
     */
    record Result(String output, boolean endCallWhenHeard) {
        public static Result of(String output) {
            return new Result(output, false);
        }
    }
}
