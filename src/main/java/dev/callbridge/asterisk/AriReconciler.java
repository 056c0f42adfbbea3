package dev.callbridge.asterisk;

import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Squares what this process tracks with what Asterisk holds, on every ARI (re)connect:
 * <ul>
 *   <li>a call whose caller channel is gone ended while the link was down: it ends now;</li>
 *   <li>a channel in our application that no call owns, or a channel or bridge with our id
 *       prefix that no call owns, is a leftover (of a crash, or of events lost in the gap): it
 *       is hung up or destroyed, so nothing leaks and no caller waits in a dead Stasis.</li>
 * </ul>
 * A leftover must stay unowned for {@link #GRACE_MS} before it goes: a caller whose
 * {@code StasisStart} is still on its way is not a leftover.
 */
final class AriReconciler {
    private static final Logger log = LoggerFactory.getLogger(AriReconciler.class);
    static final long GRACE_MS = 2000;

    private final Vertx vertx;
    private final AriClient ari;
    private final Predicate<String> ours;
    private final Consumer<String> callerVanished;

    /**
     * @param ours           whether a channel or bridge id belongs to a live or starting call
     * @param callerVanished a live call's caller channel no longer exists
     */
    AriReconciler(Vertx vertx, AriClient ari, Predicate<String> ours, Consumer<String> callerVanished) {
        this.vertx = vertx;
        this.ari = ari;
        this.ours = ours;
        this.callerVanished = callerVanished;
    }

    /** @param liveCallers the caller channel ids of the calls in progress */
    void reconcile(Collection<String> liveCallers) {
        ari.listChannels().onSuccess(channels -> {
            Set<String> present = new HashSet<>();
            channels.forEach(c -> present.add(c.id()));
            for (String caller : liveCallers) if (!present.contains(caller)) callerVanished.accept(caller);
            List<String> suspects = channels.stream().filter(this::leftoverCandidate).map(AriChannel::id).toList();
            if (!suspects.isEmpty()) vertx.setTimer(GRACE_MS, t -> hangUpLeftovers(suspects));
        }).onFailure(e -> log.warn("reconcile: listing channels failed: {}", e.getMessage()));
        ari.listBridges().onSuccess(bridges -> {
            List<String> suspects = bridges.stream().map(AriBridge::id).filter(id -> id.startsWith(AriClient.ID_PREFIX) && !ours.test(id)).toList();
            if (!suspects.isEmpty()) vertx.setTimer(GRACE_MS, t -> suspects.stream().filter(id -> !ours.test(id)).forEach(id -> {
                log.info("reconcile: destroying leftover bridge {}", id);
                ari.destroyBridge(id);
            }));
        }).onFailure(e -> log.warn("reconcile: listing bridges failed: {}", e.getMessage()));
    }

    private boolean leftoverCandidate(AriChannel c) {
        if (ours.test(c.id())) return false;
        String appData = c.dialplan().appData();
        boolean inOurApp = "Stasis".equalsIgnoreCase(c.dialplan().appName())
                && (appData.equals(ari.app()) || appData.startsWith(ari.app() + ","));
        return inOurApp || c.id().startsWith(AriClient.ID_PREFIX);
    }

    private void hangUpLeftovers(List<String> suspects) {
        ari.listChannels().onSuccess(now -> now.stream().filter(c -> suspects.contains(c.id()) && leftoverCandidate(c))
                .forEach(c -> {
                    log.info("reconcile: hanging up leftover channel {} ({})", c.id(), c.name());
                    ari.hangup(c.id(), "normal");
                }));
    }
}
