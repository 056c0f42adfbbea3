package dev.callbridge.asterisk;

import dev.callbridge.agent.AgentFactory;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.InterpreterNumbers;
import dev.callbridge.call.Provider;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Asterisk front door: an ARI application. Every channel that enters {@code Stasis(ARI_APP)}
 * becomes a call with the same agents as a Twilio call; calls placed through the API are
 * originated into the application ({@link AsteriskDialer}). Events arrive on the ARI socket's
 * context and are handed to each call's own context.
 *
 * <p>If the ARI socket drops, calls go on: their audio is RTP and their channels stay in Stasis.
 * On every (re)connect the application reconciles with what Asterisk holds ({@link AriReconciler}).
 */
public final class AsteriskFrontDoor implements AriEventStream.Listener {
    private static final Logger log = LoggerFactory.getLogger(AsteriskFrontDoor.class);

    private final AriClient ari;
    private final CallRegistry registry;
    private final AgentFactory agents;
    private final AsteriskCallSetup setup;
    private final Supplier<Context> contexts;
    private final AsteriskMetrics metrics;
    /** Live legs by the caller's channel id. */
    private final Map<String, AsteriskLeg> legs = new ConcurrentHashMap<>();
    /** Originated channels not yet answered: channel id → call id. */
    private final Map<String, String> dialing = new ConcurrentHashMap<>();
    /** Of those, the ones dialled as an interpreted call's second party. */
    private final java.util.Set<String> secondParties = ConcurrentHashMap.newKeySet();
    /** Callers whose StasisStart is being handled, before their leg exists. */
    private final java.util.Set<String> starting = ConcurrentHashMap.newKeySet();
    /** Callers that left (StasisEnd) while their call was still being set up. */
    private final java.util.Set<String> leftWhileStarting = ConcurrentHashMap.newKeySet();
    private final AriReconciler reconciler;
    private final InterpreterNumbers interpreterNumbers;
    private AriEventStream events;

    /** @param interpreterNumbers called numbers (the dialplan's extension) whose inbound calls are interpreted */
    public AsteriskFrontDoor(Vertx vertx, AriClient ari, CallRegistry registry, AgentFactory agents, AsteriskCallSetup setup,
                             Supplier<Context> contexts, AsteriskMetrics metrics, InterpreterNumbers interpreterNumbers) {
        this.ari = ari;
        this.registry = registry;
        this.agents = agents;
        this.setup = setup;
        this.contexts = contexts;
        this.metrics = metrics;
        this.interpreterNumbers = interpreterNumbers;
        this.reconciler = new AriReconciler(vertx, ari, this::isOurs, this::callerVanished);
    }

    public void start(AriEventStream events) {
        this.events = events;
        events.start();
    }

    public boolean connected() {
        return events != null && events.isConnected();
    }

    /** For {@link AsteriskDialer}: a channel we are originating for a call; its events now belong to it. */
    void dialing(String channelId, String callId) {
        dialing.put(channelId, callId);
    }

    /** For {@link AsteriskDialer}: a channel we are originating as an interpreted call's second party. */
    void dialingParty(String channelId, String callId) {
        secondParties.add(channelId);
        dialing.put(channelId, callId);
    }

    /** The originate was refused: there will be no events for it. */
    void notDialing(String channelId) {
        dialing.remove(channelId);
        secondParties.remove(channelId);
    }

    @Override
    public void onConnected() {
        log.info("ARI connected to {} as application {}", ari.host(), ari.app());
        reconciler.reconcile(List.copyOf(legs.keySet()));
    }

    @Override
    public void onDisconnected(String why) {
        metrics.ariDisconnected();
        log.warn("ARI connection lost ({}); {} calls go on over RTP while it reconnects", why, legs.size());
        for (AsteriskLeg leg : legs.values()) {
            registry.findByProviderCallId(leg.channels().callerId).ifPresent(call ->
                    call.execute(() -> call.note("The Asterisk control link (ARI) dropped; the call continued over RTP.")));
        }
    }

    @Override
    public void onUnreadable(AriProtocolException e) {
        metrics.ariUnreadable();
        log.warn("unreadable ARI event ignored: {}", e.getMessage());
    }

    @Override
    public void onConnectFailed(AriException e) {
        if (e.status() == 401) log.error("ARI refused our credentials (ARI_USERNAME / ARI_PASSWORD); retrying");
    }

    @Override
    public void onEvent(AriEvent event) {
        switch (event) {
            case AriEvent.StasisStart s -> stasisStart(s);
            case AriEvent.StasisEnd s -> {
                if (starting.contains(s.channel().id())) leftWhileStarting.add(s.channel().id()); // set-up sees it when done
                AsteriskLeg leg = legFor(s.channel().id());
                if (leg != null) onLegContext(leg, () -> {
                    if (s.channel().id().equals(leg.channels().callerId)) leg.callerLeft();
                    else leg.remoteEnded(EndReason.failure("media-channel-gone", "Asterisk ended the External Media channel " + s.channel().id()));
                });
            }
            case AriEvent.ChannelDtmfReceived d -> {
                AsteriskLeg leg = legs.get(d.channel().id());
                if (leg != null) onLegContext(leg, () -> leg.dtmf(d.digit()));
            }
            case AriEvent.Dial d -> {
                Call call = dialingCall(d.peer().id());
                if (call != null && d.dialstatus().isEmpty()) call.execute(() -> progress(call, d.peer().id(), CallStatus.RINGING));
            }
            case AriEvent.ChannelDestroyed d -> {
                Call call = dialingCall(d.channel().id());
                dialing.remove(d.channel().id());
                // Whose channel it was is read now: the task runs later, when the set no longer has it.
                boolean secondParty = secondParties.remove(d.channel().id());
                CallStatus status = DialOutcome.status(d.cause());
                if (call != null) call.execute(() -> {
                    if (secondParty) call.partyProgress(status, d.channel().id());
                    else call.providerStatus(status, d.channel().id());
                });
            }
            default -> { /* bridges, hang-up requests, playbacks: nothing to do */ }
        }
    }

    private void stasisStart(AriEvent.StasisStart s) {
        String id = s.channel().id();
        Call outbound = dialingCall(id);
        if (outbound != null) {
            dialing.remove(id);
            connect(outbound, new AsteriskChannels(ari, id), false, secondParties.remove(id));
            return;
        }
        // Our own External Media channel entering the app (possibly before its REST answer), or a repeat.
        if (id.startsWith(AriClient.ID_PREFIX) || isOurs(id)) return;
        Context context = contexts.get();
        // A call to one of INTERPRETER_NUMBERS is interpreted: its party B is dialled once it is answered.
        var spec = interpreterNumbers.inbound(Provider.ASTERISK, id, s.channel().caller().number(), s.channel().dialplan().exten(),
                agents.defaultAgent(), null, Map.of("channel", s.channel().name()));
        registry.create(spec, context).ifPresentOrElse(call -> connect(call, new AsteriskChannels(ari, id), true, false), () -> {
            if (registry.draining()) log.info("draining for shutdown: refusing Asterisk channel {}", id);
            else log.warn("over MAX_CONCURRENT_CALLS: refusing Asterisk channel {}", id);
            ari.hangup(id, "congestion");
        });
    }

    /** A dialled channel's progress: the call's own, or its second party's. */
    private void progress(Call call, String channelId, CallStatus status) {
        if (secondParties.contains(channelId)) call.partyProgress(status, channelId);
        else call.providerStatus(status, channelId);
    }

    /** @param secondParty the channel is an interpreted call's party B, joining a call that already has its agent */
    private void connect(Call call, AsteriskChannels channels, boolean answer, boolean secondParty) {
        starting.add(channels.callerId);
        call.execute(() -> setup.connect(channels, answer, this::gone).onComplete(ar -> {
            // The leg is known before the caller stops counting as starting: a StasisEnd in between finds one or the other.
            if (ar.succeeded()) legs.put(channels.callerId, ar.result());
            starting.remove(channels.callerId);
            boolean callerLeft = leftWhileStarting.remove(channels.callerId);
            if (ar.failed() && secondParty) {
                // B's line could not be bridged: A is told as for any B who does not come.
                log.warn("call {}: connecting its second party's channel {} failed: {}", call.id(), channels.callerId, ar.cause().toString());
                call.partyProgress(CallStatus.FAILED, channels.callerId);
                return;
            }
            if (ar.failed()) {
                if (callerLeft) {
                    call.end(CallStatus.COMPLETED, EndReason.of("caller-hangup", "before the call was connected"));
                    return;
                }
                log.warn("call {}: connecting Asterisk channel {} failed: {}", call.id(), channels.callerId, ar.cause().toString());
                call.end(CallStatus.FAILED, EndReason.failure("asterisk-setup-failed", ar.cause().getMessage()));
                return;
            }
            AsteriskLeg leg = ar.result();
            if (secondParty) call.attachParty(leg, channels.callerId);
            else call.attach(leg, agents.create(call.record().agent()), channels.callerId);
            if (callerLeft) leg.callerLeft(); // gone while we bridged: end now rather than never
        }));
    }

    private void gone(AsteriskLeg leg) {
        legs.remove(leg.channels().callerId, leg);
    }

    private AsteriskLeg legFor(String channelId) {
        AsteriskLeg leg = legs.get(channelId);
        if (leg != null) return leg;
        for (AsteriskLeg l : legs.values()) if (l.channels().owns(channelId)) return l;
        return null;
    }

    private void onLegContext(AsteriskLeg leg, Runnable task) {
        registry.findByProviderCallId(leg.channels().callerId).ifPresentOrElse(call -> call.execute(task), task);
    }

    private Call dialingCall(String channelId) {
        String callId = dialing.get(channelId);
        return callId == null ? null : registry.find(callId).orElse(null);
    }

    /** Ours: a channel or bridge of a call this process is serving, or setting up. */
    private boolean isOurs(String id) {
        if (legs.containsKey(id) || dialing.containsKey(id) || starting.contains(id) || legFor(id) != null) return true;
        for (AsteriskLeg l : legs.values()) if (id.equals(l.channels().bridgeId)) return true;
        return false;
    }

    /** Reconcile found a caller's channel gone: they hung up while the link was down. */
    private void callerVanished(String callerId) {
        AsteriskLeg leg = legs.get(callerId);
        if (leg == null) return;
        onLegContext(leg, () -> {
            leg.channels().callerGone();
            leg.remoteEnded(EndReason.of("caller-hangup", "seen when the ARI link came back"));
        });
    }
}
