package dev.callbridge.sim;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Counters and latency histograms of a share of the load test's calls. Each
 * {@link LoadDriver} owns one and touches it only on its event loop; the test merges
 * them once every driver has finished.
 */
final class LoadTally {
    /** Up to a minute, 3 significant digits: µs precision at the ms values that matter. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    final Histogram rttMicros = new Histogram(HIGHEST_MICROS, 3);
    final Histogram webhookMicros = new Histogram(HIGHEST_MICROS, 3);
    /** Round trips of frames sent while every call was streaming (see {@link LoadDriver.Plan#steadyStartNanos}). */
    final Histogram steadyRttMicros = new Histogram(HIGHEST_MICROS, 3);
    /** Round trips of the frames each call sent in its own first second: how a call's start sounds. */
    final Histogram firstSecondRttMicros = new Histogram(HIGHEST_MICROS, 3);
    /** Callers speaking: from the end of an utterance to the agent's first audio after it, as the caller hears it. */
    final Histogram answerMicros = new Histogram(HIGHEST_MICROS, 3);
    long callsOk;
    long connectFailures;   // webhook or stream upgrade failed at the transport/HTTP level
    long rejected;          // busy TwiML: the server refused the call
    long streamsCutShort;   // the server closed the stream before the call's end
    long statusFailures;    // the completed status callback failed
    long framesSent;
    long framesReceived;    // echoes matched to a frame this test sent, first copy only
    long warmupSent;        // frames sent in each call's first 2 s
    long warmupReceived;
    long duplicates;        // a second echo of the same frame
    long unexpected;        // media that is no probe of this call, echoes too late to match, unknown messages
    long marksReceived;
    long marksReturned;
    long clears;            // the server dropped audio it had queued (a barge-in)
    long answerBytes;       // μ-law bytes of agent audio, when callers speak rather than probe
    // Interpreted calls' second parties (callees), answering the calls the gateway placed:
    long partiesAnswered;   // B's stream opened and joined to its caller
    long partiesOk;         // B's leg ended by the gateway after B's last frame (A had hung up)
    long partiesCutShort;   // the gateway ended B's leg while B was still speaking
    long partiesLingered;   // the gateway kept B's leg long after A hung up; B hung up itself
    long partyFramesSent;

    void merge(LoadTally other) {
        rttMicros.add(other.rttMicros);
        webhookMicros.add(other.webhookMicros);
        steadyRttMicros.add(other.steadyRttMicros);
        firstSecondRttMicros.add(other.firstSecondRttMicros);
        answerMicros.add(other.answerMicros);
        callsOk += other.callsOk;
        connectFailures += other.connectFailures;
        rejected += other.rejected;
        streamsCutShort += other.streamsCutShort;
        statusFailures += other.statusFailures;
        framesSent += other.framesSent;
        framesReceived += other.framesReceived;
        warmupSent += other.warmupSent;
        warmupReceived += other.warmupReceived;
        duplicates += other.duplicates;
        unexpected += other.unexpected;
        marksReceived += other.marksReceived;
        marksReturned += other.marksReturned;
        clears += other.clears;
        answerBytes += other.answerBytes;
        partiesAnswered += other.partiesAnswered;
        partiesOk += other.partiesOk;
        partiesCutShort += other.partiesCutShort;
        partiesLingered += other.partiesLingered;
        partyFramesSent += other.partyFramesSent;
    }
}
