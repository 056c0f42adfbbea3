package dev.callbridge.sim;

import java.net.URI;
import java.util.Locale;

/**
 * How one simulated call went.
 *
 * @param outcome               completed, rejected by busy TwiML, or failed
 * @param detail                why it was rejected (the {@code <Say>} text) or failed; empty when completed
 * @param callId                callbridge's call id from the TwiML {@code callId} parameter, or null
 * @param call                  the Twilio identity used
 * @param counters              stream counters at the end
 * @param webhookNanos          voice webhook round trip
 * @param firstAudioNanos       first media sent → first media received; -1 if nothing came back
 * @param stream                where the stream went, or null if it never opened
 * @param serverHungUp          the server closed the stream before the simulator sent {@code stop}
 * @param heardAudio            what the caller heard, μ-law 8 kHz, silence included
 */
public record SimulationResult(Outcome outcome, String detail, String callId, CallParties call,
                               StreamCounters counters, long webhookNanos, long firstAudioNanos,
                               StreamEndpoint stream, boolean serverHungUp, byte[] heardAudio) {

    public enum Outcome {
        COMPLETED(0), REJECTED(2), FAILED(1);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** The closing report; {@code heardFile} is where the command wrote {@link #heardAudio}. */
    public String summary(URI serverUrl, String heardFile, boolean apiTokenSet) {
        StringBuilder s = new StringBuilder();
        switch (outcome) {
            case REJECTED -> line(s, "rejected", detail.isEmpty() ? "(no <Say> text)" : detail);
            case FAILED -> line(s, "failed", detail);
            case COMPLETED -> line(s, "completed", serverHungUp ? "the server closed the stream" : "caller hung up (stop sent)");
        }
        line(s, "call", (callId == null ? "(no callId parameter)" : callId) + "  " + call.callSid());
        line(s, "webhook", millis(webhookNanos));
        if (stream != null) {
            line(s, "stream", stream.connectUrl() + (stream.redirected() ? "  (TwiML: " + stream.twimlUrl() + ")" : ""));
            line(s, "frames", String.format(Locale.ROOT, "sent %d, received %d (%.2f s of audio)",
                    counters.framesSent(), counters.framesReceived(), counters.bytesReceived() / 8000.0));
            line(s, "first audio", firstAudioNanos < 0 ? "none received" : millis(firstAudioNanos) + " after the first frame sent");
            line(s, "marks", "received " + counters.marksReceived() + ", returned " + counters.marksReturned());
            line(s, "clears", Long.toString(counters.clears()));
            line(s, "dtmf", counters.dtmfSent() + " sent");
            if (counters.unexpected() > 0) line(s, "unexpected", counters.unexpected() + " server messages ignored");
            line(s, "heard", String.format(Locale.ROOT, "%s (%.2f s, μ-law 8 kHz)", heardFile, heardAudio.length / 8000.0));
        }
        if (callId != null) {
            String auth = apiTokenSet ? "-H \"Authorization: Bearer $API_TOKEN\" " : "";
            line(s, "record", "curl -s " + auth + serverUrl + "/api/calls/" + callId);
            line(s, "transcript", "curl -s " + auth + serverUrl + "/api/calls/" + callId + "/transcript");
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format(Locale.ROOT, "  %-12s %s%n", label, value));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
