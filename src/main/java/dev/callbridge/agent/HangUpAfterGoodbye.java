package dev.callbridge.agent;

import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import java.time.Duration;

/**
 * How a call with an AI agent ends after the model called {@code end_call}: once the caller has heard
 * the goodbye, and never later than a bound.
 *
 * <ul>
 *   <li>The response that called {@code end_call} carried audio (the model said "Done, goodbye!"
 *       and called the tool in the same answer): that audio is the goodbye. Nothing more is asked
 *       of the model; the call ends once the leg confirms it heard the goodbye's last chunk.</li>
 *   <li>It carried none: the model is asked for a goodbye, and the call ends once that has been
 *       heard (at once if the answer has no audio, or the caller cut it off).</li>
 *   <li>Either way, {@code within} after {@code end_call} the call ends whatever happened: a model
 *       that never answers, or marks that never come back, cannot keep the line open. The record
 *       then says {@code agent-hangup-timeout}, with which of the two it was.</li>
 * </ul>
 *
 * All on the call's context.
 */
public final class HangUpAfterGoodbye {
    private enum State { TALKING, AWAITING_GOODBYE, HEARING_GOODBYE, HUNG_UP }

    private final CallContext ctx;
    private final Leg caller;
    private final Duration within;
    private State state = State.TALKING;
    private SpokenAnswer goodbye;
    private long deadline = -1;

    public HangUpAfterGoodbye(CallContext ctx, Leg caller, Duration within) {
        this.ctx = ctx;
        this.caller = caller;
        this.within = within;
    }

    /**
     * {@code end_call} ran in a response whose audio was {@code spoken} (null: none, or the caller
     * cut it off). Returns true when the model must be asked for a goodbye.
     */
    public boolean endCall(SpokenAnswer spoken) {
        if (state == State.TALKING) {
            deadline = ctx.context().owner().setTimer(Math.max(1, within.toMillis()), t -> timedOut());
            state = State.AWAITING_GOODBYE;
        }
        if (state != State.AWAITING_GOODBYE) return false;
        if (spoken == null) return true;
        hear(spoken);
        return false;
    }

    /** Whether a tool's result should get an answer: not once the goodbye is known. */
    public boolean answersTools() {
        return state == State.TALKING || state == State.AWAITING_GOODBYE;
    }

    /** A response without function calls finished, having played {@code spoken} (or nothing). */
    public void responseDone(SpokenAnswer spoken) {
        if (state != State.AWAITING_GOODBYE) return;
        if (spoken == null) hangUp(EndReason.AGENT_HANGUP); // the goodbye had nothing to hear
        else hear(spoken);
    }

    /** The leg confirmed some audio as heard. */
    public void heard() {
        if (state == State.HEARING_GOODBYE && !goodbye.stillPlaying()) hangUp(EndReason.AGENT_HANGUP);
    }

    /** The caller barged in on {@code answer}: if it was the goodbye, it has been heard as far as it will be. */
    public void cut(SpokenAnswer answer) {
        if (state == State.HEARING_GOODBYE && answer == goodbye) hangUp(EndReason.AGENT_HANGUP);
    }

    public void stop() {
        cancelDeadline();
        state = State.HUNG_UP;
    }

    private void hear(SpokenAnswer spoken) {
        goodbye = spoken;
        state = State.HEARING_GOODBYE;
        heard();
    }

    private void timedOut() {
        deadline = -1;
        if (state == State.HUNG_UP) return;
        String what = state == State.AWAITING_GOODBYE ? "the model gave no goodbye" : "the caller's leg did not confirm the goodbye as heard";
        caller.clear(); // whatever is still queued will not be waited for
        hangUp(EndReason.agentHangupTimeout(what + " within " + within.toMillis() + " ms of end_call"));
    }

    private void hangUp(EndReason reason) {
        cancelDeadline();
        state = State.HUNG_UP;
        ctx.hangup(reason);
    }

    private void cancelDeadline() {
        if (deadline >= 0) ctx.context().owner().cancelTimer(deadline);
        deadline = -1;
    }
}
