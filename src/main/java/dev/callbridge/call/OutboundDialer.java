package dev.callbridge.call;

import io.vertx.core.Future;

/** Places an outbound call that already has a record, through one provider. */
public interface OutboundDialer {
    /** Completes with the provider's id for the call; a failure leaves ending the call to the caller. */
    Future<String> dial(Call call);

    /**
     * Dials an interpreted call's second party ({@link Interpretation#b()}); their media joins the
     * call through {@link Call#attachParty}, their progress through {@link Call#partyProgress}.
     * Completes with B's provider id.
     */
    Future<String> dialParty(Call call);
}
