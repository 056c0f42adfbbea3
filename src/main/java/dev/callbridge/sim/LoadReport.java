package dev.callbridge.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * The load test's result: what the table and {@code --json} show. Times in microseconds.
 * {@code answers} is null when callers sent probe frames to an echo, and set when they spoke to
 * an agent that answers (then nothing is matched and frame loss does not apply).
 */
public record LoadReport(String target, int seconds, double wallSeconds, Calls calls, Frames frames,
                         Latency roundTrip, Latency firstSecondRoundTrip, Latency steadyRoundTrip, Latency webhook,
                         Server server, Answers answers, Parties parties) {

    /**
     * Interpreted calls' second parties, whom the gateway dialled through the simulated Calls API.
     *
     * @param dialled    calls the gateway created
     * @param answered   B's stream opened and joined its caller
     * @param ok         B's leg ended by the gateway after B's last frame, as it should once A hangs up
     * @param cutShort   B's leg ended by the gateway while B was still speaking
     * @param lingered   B's leg still up well after A hung up (B hung up itself)
     * @param unmatched  placed calls that named no caller on the line
     * @param failed     streams that could not be opened, and API requests refused
     */
    public record Parties(long dialled, long answered, long ok, long cutShort, long lingered, long unmatched, long failed) {
        static Parties of(SimulatedTwilioCallsApi.Counters api, InterpretedParties parties, LoadTally t) {
            return new Parties(api.created(), t.partiesAnswered, t.partiesOk, t.partiesCutShort, t.partiesLingered,
                    parties.unmatched(), api.streamFailures() + api.refused());
        }

        boolean clean(long calls) {
            return answered == calls && ok == calls && unmatched == 0 && failed == 0;
        }
    }

    /**
     * @param latency             from the end of each utterance (its last frame with sound sent) to the
     *                            agent's first audio after it: the server's response latency plus its
     *                            VAD's wait for the end of speech, as the caller hears it
     * @param agentAudioSeconds   the agent's audio the callers received
     * @param clears              times the server dropped queued audio (barge-ins)
     * @param cpuMillisPerCallSecond server CPU over the run per second of call (calls × seconds); empty without {@code /stats}
     */
    public record Answers(Latency latency, double agentAudioSeconds, long clears, OptionalDouble cpuMillisPerCallSecond) {}

    /**
     * @param failed          calls that did not stream their full length and report completion
     * @param connectFailures webhook or stream upgrade failed
     * @param rejected        busy TwiML
     * @param cutShort        the server closed the stream early
     */
    public record Calls(long total, long ok, long failed, long connectFailures, long rejected, long cutShort, long statusFailures) {}

    /**
     * @param lost        sent − received after the drain wait
     * @param warmupLost  lost among each call's first 2 s of frames
     * @param steadyLost  lost after that
     */
    public record Frames(long sent, long received, long lost, long warmupLost, long steadyLost, long duplicates,
                         long unexpected, long marksReceived, long marksReturned) {}

    public record Latency(long count, long p50, long p90, long p99, long max) {
        static Latency of(Histogram h) {
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getMaxValue());
        }
    }

    /**
     * From {@code /stats}; empty when the server does not report it. The whole-run figure counts
     * call set-up and tear-down too; the steady one is CPU over the frames the server sent while
     * every call was streaming.
     */
    public record Server(OptionalDouble cpuMicrosPerEchoedFrame, OptionalDouble steadyCpuMicrosPerEchoedFrame,
                         OptionalLong rssBytesBefore, OptionalLong rssBytesUnderLoad, OptionalLong rssBytesAfter) {}

    static LoadReport of(String target, int seconds, double wallSeconds, int totalCalls, LoadTally t,
                         ServerStats before, ServerStats after, ServerStats steadyStart, ServerStats steadyEnd) {
        long lost = t.framesSent - t.framesReceived;
        long warmupLost = t.warmupSent - t.warmupReceived;
        Calls calls = new Calls(totalCalls, t.callsOk, totalCalls - t.callsOk, t.connectFailures, t.rejected,
                t.streamsCutShort, t.statusFailures);
        Frames frames = new Frames(t.framesSent, t.framesReceived, lost, warmupLost, lost - warmupLost,
                t.duplicates, t.unexpected, t.marksReceived, t.marksReturned);
        OptionalDouble cpu = before.cpuNanos().isPresent() && after.cpuNanos().isPresent() && t.framesReceived > 0
                ? OptionalDouble.of((after.cpuNanos().getAsLong() - before.cpuNanos().getAsLong()) / 1000.0 / t.framesReceived)
                : OptionalDouble.empty();
        return new LoadReport(target, seconds, wallSeconds, calls, frames, Latency.of(t.rttMicros),
                Latency.of(t.firstSecondRttMicros), Latency.of(t.steadyRttMicros), Latency.of(t.webhookMicros),
                new Server(cpu, perFrame(steadyStart, steadyEnd), before.rssBytes(), steadyEnd.rssBytes(), after.rssBytes()), null, null);
    }

    /**
     * Callers spoke to an agent that answers: the echo figures are empty, the answers' are set.
     *
     * @param parties interpreted calls' second parties; null when the calls were not interpreted
     */
    static LoadReport answered(String target, int seconds, double wallSeconds, int totalCalls, LoadTally t,
                               ServerStats before, ServerStats after, ServerStats steadyStart, ServerStats steadyEnd,
                               Parties parties) {
        LoadReport echo = of(target, seconds, wallSeconds, totalCalls, t, before, after, steadyStart, steadyEnd);
        Frames frames = new Frames(t.framesSent, 0, 0, 0, 0, 0, t.unexpected, t.marksReceived, t.marksReturned);
        OptionalDouble cpu = before.cpuNanos().isPresent() && after.cpuNanos().isPresent()
                ? OptionalDouble.of((after.cpuNanos().getAsLong() - before.cpuNanos().getAsLong()) / 1e6 / ((double) totalCalls * seconds))
                : OptionalDouble.empty();
        Server server = new Server(OptionalDouble.empty(), OptionalDouble.empty(), echo.server.rssBytesBefore(),
                echo.server.rssBytesUnderLoad(), echo.server.rssBytesAfter());
        return new LoadReport(target, seconds, wallSeconds, echo.calls, frames, echo.roundTrip, echo.firstSecondRoundTrip,
                echo.steadyRoundTrip, echo.webhook, server, new Answers(Latency.of(t.answerMicros), t.answerBytes / 8000.0, t.clears, cpu), parties);
    }

    /**
     * Server CPU per caller frame it took in over the window: each is one frame to echo or relay,
     * whether the echo goes back alone or batched with others in one message.
     */
    private static OptionalDouble perFrame(ServerStats from, ServerStats to) {
        if (from.cpuNanos().isEmpty() || to.cpuNanos().isEmpty() || from.framesIn().isEmpty() || to.framesIn().isEmpty()) {
            return OptionalDouble.empty();
        }
        long frames = to.framesIn().getAsLong() - from.framesIn().getAsLong();
        return frames <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of((to.cpuNanos().getAsLong() - from.cpuNanos().getAsLong()) / 1000.0 / frames);
    }

    /** True when every call completed and, against an echo, every frame came back; interpreted, every party B too. */
    public boolean clean() {
        return calls.failed() == 0 && frames.lost() == 0 && (parties == null || parties.clean(calls.total()));
    }

    private String answersTable() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "loadtest  %d calls × %d s, callers speaking  →  %s  (%.1f s wall)%n",
                calls.total(), seconds, target, wallSeconds));
        row(s, "calls ok", calls.ok());
        row(s, "calls failed", calls.failed());
        row(s, "  connection failures", calls.connectFailures());
        row(s, "  rejected (busy)", calls.rejected());
        row(s, "  cut short by server", calls.cutShort());
        row(s, "  status callback failed", calls.statusFailures());
        if (parties != null) {
            row(s, "parties B dialled / answered", parties.dialled() + " / " + parties.answered());
            row(s, "  ended by the gateway after A", parties.ok());
            row(s, "  ended while still speaking", parties.cutShort());
            row(s, "  left on the line (hung up)", parties.lingered());
            row(s, "  unmatched / failed", parties.unmatched() + " / " + parties.failed());
        }
        row(s, parties == null ? "caller frames sent" : "frames sent (A and B)", frames.sent());
        row(s, parties == null ? "answers" : "interpretations heard", answers.latency().count());
        row(s, "answer latency p50 / p99", answers.latency().count() == 0 ? "n/a"
                : ms(answers.latency().p50()) + " / " + ms(answers.latency().p99()));
        row(s, "answer latency max", answers.latency().count() == 0 ? "n/a" : ms(answers.latency().max()));
        row(s, "agent audio received", String.format(Locale.ROOT, "%.1f s", answers.agentAudioSeconds()));
        row(s, "clears (barge-ins)", answers.clears());
        row(s, "unexpected", frames.unexpected());
        row(s, "marks received / returned", frames.marksReceived() + " / " + frames.marksReturned());
        row(s, "webhook p50", ms(webhook.p50()));
        row(s, "webhook p99", ms(webhook.p99()));
        row(s, "server CPU per call-second", answers.cpuMillisPerCallSecond().isPresent()
                ? String.format(Locale.ROOT, "%.2f ms", answers.cpuMillisPerCallSecond().getAsDouble()) : "n/a");
        row(s, "server RSS before / loaded / after", mb(server.rssBytesBefore()) + " / " + mb(server.rssBytesUnderLoad())
                + " / " + mb(server.rssBytesAfter()));
        if (parties == null) {
            s.append("  (answer latency: caller's last sound → agent's first audio, the server VAD's end-of-speech wait included;")
                    .append(System.lineSeparator())
                    .append("   the server's own split is in GET /metrics, callbridge_pipeline_turn_seconds)").append(System.lineSeparator());
        } else {
            s.append("  (answer latency: a party's last sound → the first interpreted audio the other party receives, the server")
                    .append(System.lineSeparator())
                    .append("   VAD's end-of-speech wait included; the server's own split is in GET /metrics, callbridge_interpreter_*)")
                    .append(System.lineSeparator());
        }
        return s.toString();
    }

    public String table() {
        if (answers != null) return answersTable();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "loadtest  %d calls × %d s  →  %s  (%.1f s wall)%n", calls.total(), seconds, target, wallSeconds));
        row(s, "calls ok", calls.ok());
        row(s, "calls failed", calls.failed());
        row(s, "  connection failures", calls.connectFailures());
        row(s, "  rejected (busy)", calls.rejected());
        row(s, "  cut short by server", calls.cutShort());
        row(s, "  status callback failed", calls.statusFailures());
        row(s, "frames sent", frames.sent());
        row(s, "frames received", frames.received());
        row(s, "frames lost", frames.lost());
        row(s, "  in warm-up (first 2 s)", frames.warmupLost());
        row(s, "  in steady state", frames.steadyLost());
        row(s, "duplicates", frames.duplicates());
        row(s, "unexpected", frames.unexpected());
        row(s, "marks received / returned", frames.marksReceived() + " / " + frames.marksReturned());
        row(s, "round trip p50", ms(roundTrip.p50()));
        row(s, "round trip p90", ms(roundTrip.p90()));
        row(s, "round trip p99", ms(roundTrip.p99()));
        row(s, "round trip max", ms(roundTrip.max()));
        row(s, "first second p50 / p99", firstSecondRoundTrip.count() == 0 ? "n/a"
                : ms(firstSecondRoundTrip.p50()) + " / " + ms(firstSecondRoundTrip.p99()));
        row(s, "steady round trip p50 / p99", steadyRoundTrip.count() == 0 ? "n/a (run too short)"
                : ms(steadyRoundTrip.p50()) + " / " + ms(steadyRoundTrip.p99()));
        row(s, "steady round trip max", steadyRoundTrip.count() == 0 ? "n/a" : ms(steadyRoundTrip.max()));
        row(s, "webhook p50", ms(webhook.p50()));
        row(s, "webhook p99", ms(webhook.p99()));
        row(s, "server CPU per echoed frame", server.cpuMicrosPerEchoedFrame().isPresent()
                ? String.format(Locale.ROOT, "%.2f µs", server.cpuMicrosPerEchoedFrame().getAsDouble()) : "n/a");
        row(s, "  in steady state", server.steadyCpuMicrosPerEchoedFrame().isPresent()
                ? String.format(Locale.ROOT, "%.2f µs", server.steadyCpuMicrosPerEchoedFrame().getAsDouble()) : "n/a");
        row(s, "server RSS before / loaded / after", mb(server.rssBytesBefore()) + " / " + mb(server.rssBytesUnderLoad())
                + " / " + mb(server.rssBytesAfter()));
        return s.toString();
    }

    /** The same numbers as {@link #table()}; absent server figures are JSON null. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("target", target);
        root.put("calls", calls);
        root.put("seconds", seconds);
        root.put("wallSeconds", wallSeconds);
        root.put("frames", frames);
        root.put("roundTripMs", millisMap(roundTrip));
        root.put("firstSecondRoundTripMs", millisMap(firstSecondRoundTrip));
        root.put("steadyRoundTripMs", millisMap(steadyRoundTrip));
        root.put("webhookMs", millisMap(webhook));
        Map<String, Object> srv = new LinkedHashMap<>();
        srv.put("cpuMicrosPerEchoedFrame", server.cpuMicrosPerEchoedFrame().isPresent() ? server.cpuMicrosPerEchoedFrame().getAsDouble() : null);
        srv.put("steadyCpuMicrosPerEchoedFrame", server.steadyCpuMicrosPerEchoedFrame().isPresent()
                ? server.steadyCpuMicrosPerEchoedFrame().getAsDouble() : null);
        srv.put("rssBytesBefore", server.rssBytesBefore().isPresent() ? server.rssBytesBefore().getAsLong() : null);
        srv.put("rssBytesUnderLoad", server.rssBytesUnderLoad().isPresent() ? server.rssBytesUnderLoad().getAsLong() : null);
        srv.put("rssBytesAfter", server.rssBytesAfter().isPresent() ? server.rssBytesAfter().getAsLong() : null);
        root.put("server", srv);
        if (answers != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("latencyMs", millisMap(answers.latency()));
            a.put("agentAudioSeconds", answers.agentAudioSeconds());
            a.put("clears", answers.clears());
            a.put("cpuMillisPerCallSecond", answers.cpuMillisPerCallSecond().isPresent()
                    ? answers.cpuMillisPerCallSecond().getAsDouble() : null);
            root.put("answers", a);
        }
        if (parties != null) root.put("parties", parties);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers always serializes", e);
        }
    }

    private static Map<String, Object> millisMap(Latency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", l.p50() / 1000.0);
        m.put("p90", l.p90() / 1000.0);
        m.put("p99", l.p99() / 1000.0);
        m.put("max", l.max() / 1000.0);
        return m;
    }

    private static void row(StringBuilder s, String label, Object value) {
        s.append(String.format(Locale.ROOT, "  %-30s %s%n", label, value));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
    }

    private static String mb(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.1f MB", bytes.getAsLong() / 1e6) : "n/a";
    }
}
