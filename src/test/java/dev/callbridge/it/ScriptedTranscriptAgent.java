package dev.callbridge.it;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry;
import io.vertx.core.Future;
import java.util.List;

/**
 * An agent that writes a fixed conversation into the call's transcript as it starts, then only
 * listens: for tests of what happens with a call's transcript after it ends. A line starting with
 * {@code "caller: "} is the caller's, any other the agent's.
 */
public final class ScriptedTranscriptAgent implements Agent {
    private final List<String> lines;

    public ScriptedTranscriptAgent(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    @Override
    public Future<Void> start(CallContext ctx) {
        long at = 0;
        for (String line : lines) {
            boolean caller = line.startsWith("caller: ");
            ctx.transcribe(caller ? Direction.INBOUND : Direction.OUTBOUND, caller ? TranscriptEntry.Speaker.CALLER : TranscriptEntry.Speaker.AGENT,
                    TranscriptEntry.Kind.SPEECH, caller ? line.substring("caller: ".length()) : line, at, at + 900, false);
            at += 1000;
        }
        return Future.succeededFuture();
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {}

    @Override
    public void onDtmf(Leg from, char digit) {}

    @Override
    public void onHeard(Leg to, Object tag) {}

    @Override
    public void stop(EndReason reason) {}
}
