package dev.callbridge.call;

import io.vertx.core.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls this process is handling, and the one place that admits new ones: it enforces
 * {@code MAX_CONCURRENT_CALLS}, and once the process drains it admits none. A call counts
 * against the limit from creation until it ends; it stays findable here until its final record
 * is durable, so the API never sees a call vanish between "live" and "stored".
 */
public final class CallRegistry {
    private final int maxConcurrentCalls;
    private final CallEventBus events;
    private final Clock clock;
    private final Call.RemoteHangup remoteHangup;
    private final CallAudioTap.Opener recorder;
    private final Call.PartyDialer partyDialer;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Call> byProviderCallId = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;
    private final AtomicLong total = new AtomicLong();
    private final Map<Provider, AtomicLong> totalByProvider = new EnumMap<>(Provider.class);
    private final Map<Provider, AtomicInteger> activeByProvider = new EnumMap<>(Provider.class);

    public CallRegistry(int maxConcurrentCalls, CallEventBus events, Clock clock, Call.RemoteHangup remoteHangup) {
        this(maxConcurrentCalls, events, clock, remoteHangup, CallAudioTap.Opener.NONE, Call.PartyDialer.NONE);
    }

    /**
     * @param recorder    opens each answered call's recording (it decides, per call, whether there is one)
     * @param partyDialer dials interpreted calls' second parties; B's provider id then finds the call too
     */
    public CallRegistry(int maxConcurrentCalls, CallEventBus events, Clock clock, Call.RemoteHangup remoteHangup,
                        CallAudioTap.Opener recorder, Call.PartyDialer partyDialer) {
        this.recorder = recorder;
        // The call learns B's id before the registry routes it there: a status for B that comes at once is then B's.
        this.partyDialer = call -> partyDialer.dial(call).map(id -> {
            call.partyDialled(id);
            byProviderCallId.put(id, call);
            return id;
        });
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.events = events;
        this.clock = clock;
        this.remoteHangup = remoteHangup;
        for (Provider p : Provider.values()) {
            totalByProvider.put(p, new AtomicLong());
            activeByProvider.put(p, new AtomicInteger());
        }
    }

    /**
     * What a new call is: everything of its record that is known before it exists, and whether to
     * record it ({@code record}: null for the server's {@code RECORDING} default).
     */
    public record NewCall(Provider provider, String providerCallId, Direction direction, String from, String to,
                          CallStatus status, String agent, String language, Map<String, String> metadata, Boolean record,
                          Interpretation interpreter) {
        public NewCall(Provider provider, String providerCallId, Direction direction, String from, String to,
                       CallStatus status, String agent, String language, Map<String, String> metadata) {
            this(provider, providerCallId, direction, from, to, status, agent, language, metadata, null, null);
        }

        public NewCall(Provider provider, String providerCallId, Direction direction, String from, String to,
                       CallStatus status, String agent, String language, Map<String, String> metadata, Boolean record) {
            this(provider, providerCallId, direction, from, to, status, agent, language, metadata, record, null);
        }
    }

    /**
     * Creates a call if it may be admitted, publishing {@code call.created}. Over the limit, or
     * while {@link #draining}, it records the call as {@code rejected} ({@code over-capacity} or
     * {@code draining}) and returns empty.
     */
    public Optional<Call> create(NewCall spec, Context context) {
        Instant now = clock.instant();
        CallRecord record = new CallRecord(newId(), spec.provider(), spec.providerCallId(), spec.direction(),
                spec.from(), spec.to(), spec.status(), spec.agent(), spec.language(), now, null, null, null, null,
                spec.metadata());
        if (spec.interpreter() != null) record = record.withInterpreter(spec.interpreter());
        total.incrementAndGet();
        totalByProvider.get(spec.provider()).incrementAndGet();
        if (draining) return rejected(record, EndReason.DRAINING, now);
        if (active.incrementAndGet() > maxConcurrentCalls) {
            active.decrementAndGet();
            return rejected(record, EndReason.OVER_CAPACITY, now);
        }
        activeByProvider.get(spec.provider()).incrementAndGet();
        Call call = new Call(record, context, events, clock, remoteHangup, this::ended, recorder, spec.record(), newStreamToken(), partyDialer);
        calls.put(record.id(), call);
        if (spec.providerCallId() != null) byProviderCallId.put(spec.providerCallId(), call);
        call.published(new CallEvent.Created(record, now));
        return Optional.of(call);
    }

    private Optional<Call> rejected(CallRecord record, EndReason reason, Instant now) {
        events.publish(new CallEvent.Created(record, now));
        events.publish(new CallEvent.Ended(record.ended(CallStatus.REJECTED, now, reason), now));
        return Optional.empty();
    }

    /**
     * From now on every new call is refused, the way each front door refuses one over the limit;
     * calls already here go on. Cannot be undone: the process is on its way out.
     */
    public void stopAdmitting() {
        draining = true;
    }

    /** True once {@link #stopAdmitting} was called: {@code /health} says {@code draining}. */
    public boolean draining() {
        return draining;
    }

    public Optional<Call> find(String id) {
        return Optional.ofNullable(calls.get(id));
    }

    public Optional<Call> findByProviderCallId(String providerCallId) {
        return Optional.ofNullable(byProviderCallId.get(providerCallId));
    }

    /** A provider id learnt after creation (the Calls API answers with the sid). */
    public void providerCallIdKnown(Call call, String providerCallId) {
        byProviderCallId.put(providerCallId, call);
    }

    public Collection<Call> all() {
        return calls.values();
    }

    /** Calls not yet ended. */
    public int activeCalls() {
        return active.get();
    }

    public int activeCalls(Provider provider) {
        return activeByProvider.get(provider).get();
    }

    public long totalCalls() {
        return total.get();
    }

    public long totalCalls(Provider provider) {
        return totalByProvider.get(provider).get();
    }

    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** The store has committed this call's final record: it no longer needs to be held here. */
    public void retire(String callId) {
        Call call = calls.get(callId);
        if (call != null && call.isEnded()) {
            calls.remove(callId);
            String sid = call.record().providerCallId();
            if (sid != null) byProviderCallId.remove(sid, call);
            Interpretation interpreter = call.record().interpreter();
            if (interpreter != null && interpreter.b().providerCallId() != null) byProviderCallId.remove(interpreter.b().providerCallId(), call);
        }
    }

    private void ended(Call call) {
        active.decrementAndGet();
        activeByProvider.get(call.record().provider()).decrementAndGet();
    }

    /** 192 random bits, URL-safe: a call's media stream must present it (see {@link Call#streamTokenMatches}). */
    private String newStreamToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String newId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "c_" + HexFormat.of().formatHex(b);
    }
}
