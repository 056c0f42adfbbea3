package dev.callbridge.sim;

import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Party B of the load test's interpreted calls: the gateway dials B through
 * {@link SimulatedTwilioCallsApi}, whose TwiML names the call ({@code callId}); this finds that
 * call's caller and has B answer on the caller's driver, so both parties of a call share one event
 * loop and one schedule. A call nobody here is calling from (an unknown or ended call id) is left
 * ringing ({@code no-answer}). Drivers register their callers from their event loops; the API asks
 * from its own: hence the concurrent map.
 */
final class InterpretedParties implements SimulatedTwilioCallsApi.Callee {
    private final Map<String, LoadCall> callers = new ConcurrentHashMap<>();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder streamFailures = new LongAdder();
    private final Map<String, LoadDriver> drivers = new ConcurrentHashMap<>();
    private volatile SimulatedTwilioCallsApi api;

    void api(SimulatedTwilioCallsApi api) {
        this.api = api;
    }

    /** A caller's stream is up: the gateway may dial its party B from now on. On the caller's driver. */
    void callerStreaming(String callId, LoadCall caller, LoadDriver driver) {
        callers.put(callId, caller);
        drivers.put(callId, driver);
    }

    /** The caller hung up, or was hung up on. */
    void callerGone(String callId, LoadCall caller) {
        if (callers.remove(callId, caller)) drivers.remove(callId);
    }

    @Override
    public Context pickUp(SimulatedTwilioCallsApi.PlacedCall call) {
        LoadDriver driver = drivers.get(callId(call));
        if (driver == null) unmatched.increment();
        return driver == null ? null : driver.eventLoop();
    }

    @Override
    public void answered(SimulatedTwilioCallsApi.AnsweredStream stream) {
        LoadCall caller = callers.get(callId(stream.call()));
        if (caller == null || !caller.partyAnswered(stream, api)) {
            unmatched.increment();
            stream.writer().stop();
            stream.socket().close((short) 1000, "call ended");
            api.completed(stream.call(), 0);
        }
    }

    @Override
    public void streamFailed(SimulatedTwilioCallsApi.PlacedCall call, Throwable cause) {
        streamFailures.increment();
    }

    /** Placed calls that matched no caller on the line (left ringing, or hung up at once). */
    long unmatched() {
        return unmatched.sum();
    }

    long streamFailures() {
        return streamFailures.sum();
    }

    private static String callId(SimulatedTwilioCallsApi.PlacedCall call) {
        return call.stream().parameters().getOrDefault("callId", "");
    }
}
