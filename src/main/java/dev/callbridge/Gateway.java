package dev.callbridge;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.AgentFactory;
import dev.callbridge.asterisk.AriClient;
import dev.callbridge.asterisk.AriEventStream;
import dev.callbridge.asterisk.AsteriskCallSetup;
import dev.callbridge.asterisk.AsteriskDialer;
import dev.callbridge.asterisk.AsteriskFrontDoor;
import dev.callbridge.asterisk.SamplePasswords;
import dev.callbridge.rtp.RtpFormat;
import dev.callbridge.rtp.RtpPortPool;
import dev.callbridge.config.ConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Supplier;
import dev.callbridge.api.ApiAuth;
import dev.callbridge.api.CallDefaults;
import dev.callbridge.api.CallsApi;
import dev.callbridge.api.ConnectionGuard;
import dev.callbridge.api.EventsSocket;
import dev.callbridge.api.DashboardFiles;
import dev.callbridge.api.GatewayRoutes;
import dev.callbridge.api.LanguagePairs;
import dev.callbridge.api.TranslatorLanguagePairs;
import dev.callbridge.api.OpsApi;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.OutboundDialer;
import dev.callbridge.call.Provider;
import dev.callbridge.config.Config;
import dev.callbridge.engine.Engines;
import dev.callbridge.metrics.GatewayMetrics;
import dev.callbridge.metrics.SystemHistory;
import dev.callbridge.api.RecordingApi;
import dev.callbridge.recording.RecordingDeletion;
import dev.callbridge.recording.RecordingFiles;
import dev.callbridge.recording.RecordingRetention;
import dev.callbridge.recording.RecordingWriter;
import com.zaxxer.hikari.HikariDataSource;
import dev.callbridge.api.WebhookDeliveriesApi;
import dev.callbridge.store.Databases;
import dev.callbridge.store.EventOutbox;
import dev.callbridge.followup.CallSummaryOutbox;
import dev.callbridge.followup.CallSummarySender;
import dev.callbridge.followup.CallSummaryWriter;
import dev.callbridge.followup.MobileNumbers;
import dev.callbridge.webhook.DeliveryPacing;
import dev.callbridge.webhook.DeliveryRows;
import dev.callbridge.webhook.DeliveryTarget;
import dev.callbridge.webhook.DeliveryTargets;
import dev.callbridge.webhook.DeliveryWorker;
import dev.callbridge.webhook.WebhookOutbox;
import dev.callbridge.webhook.WebhookSender;
import dev.callbridge.whatsapp.GraphApiClient;
import dev.callbridge.whatsapp.MessageOutbox;
import dev.callbridge.whatsapp.WhatsAppLink;
import dev.callbridge.whatsapp.WhatsAppStore;
import dev.callbridge.store.JdbcCallStore;
import dev.callbridge.store.StoreWriter;
import dev.callbridge.twilio.TwilioDialer;
import dev.callbridge.twilio.TwilioMediaEndpoint;
import dev.callbridge.twilio.TwilioMediaStream;
import dev.callbridge.twilio.TwilioRequestAuth;
import dev.callbridge.twilio.TwilioRestClient;
import dev.callbridge.twilio.TwilioWebhooks;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: config in, a running gateway out. Every object is built here, by
 * hand, in the order a call's data flows: store → events → calls → agents → front doors →
 * API → HTTP listeners (one per event loop).
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** How long a hang-up at shutdown may take to play out what the caller has still to hear. */
    static final Duration HANGUP_GRACE = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Engines engines;
    private final CallStore store;
    private final StoreWriter storeWriter;
    private final CallRegistry registry;
    private final String deploymentId;
    private final int port;
    /** Closed in order at stop, once every call has ended: the hang-ups they carry must reach the provider. */
    private final List<Supplier<Future<Void>>> providerLinks;
    private final RecordingWriter recorder;
    private final long retentionTimer;
    private final long historyTimer;
    private final EventsSocket eventsSocket;
    /** Null without webhooks. */
    private final DeliveryWorker deliveryWorker;

    private Gateway(Vertx vertx, CallStore store, StoreWriter storeWriter, CallRegistry registry, String deploymentId,
                    int port, List<Supplier<Future<Void>>> providerLinks, RecordingWriter recorder, long retentionTimer, long historyTimer,
                    EventsSocket eventsSocket, Engines engines, DeliveryWorker deliveryWorker) {
        this.deliveryWorker = deliveryWorker;
        this.vertx = vertx;
        this.engines = engines;
        this.store = store;
        this.storeWriter = storeWriter;
        this.registry = registry;
        this.deploymentId = deploymentId;
        this.port = port;
        this.providerLinks = providerLinks;
        this.recorder = recorder;
        this.retentionTimer = retentionTimer;
        this.historyTimer = historyTimer;
        this.eventsSocket = eventsSocket;
    }

    /**
     * Vert.x binds each server instance to a random port of its own for port 0, so all but one
     * event loop would sit on a port nobody knows; a negative port is one random port shared by
     * every instance (accepted by {@code listen(port, host)}, not by the options).
     */
    static int listenPort(int configured) {
        return configured == 0 ? -1 : configured;
    }

    /** The Asterisk front door's parts that live as long as the gateway; null without ARI_URL. */
    private record AsteriskDoor(AriClient ari, AriEventStream events, AsteriskFrontDoor frontDoor) {}

    /** Builds everything and listens. Blocking (it opens and migrates the store): call it off the event loop. */
    public static Gateway start(Config config, Vertx vertx) {
        return start(config, vertx, () -> { });
    }

    /**
     * The same, listening only once {@code awaitWarmUp} returns: the caller warms the media path on
     * a thread of its own (begun before this, so it runs while the store opens), and the first
     * caller then finds it compiled.
     */
    public static Gateway start(Config config, Vertx vertx, Runnable awaitWarmUp) {
        return start(config, vertx, awaitWarmUp, Map.of());
    }

    /**
     * The same, with agents beyond the configured ones, by name (a name already configured is
     * replaced): for tests that need an agent of their own behind the real front doors.
     */
    public static Gateway start(Config config, Vertx vertx, Runnable awaitWarmUp, Map<String, Supplier<Agent>> moreAgents) {
        long storeStarted = System.nanoTime();
        HikariDataSource dataSource = switch (config.storage().kind()) {
            case EMBEDDED -> Databases.embedded(config.storage().dataDir());
            case POSTGRES -> Databases.postgres(config.storage().databaseUrl().reveal());
            case REDIS -> throw new IllegalStateException("STORE=redis is refused by Config");
        };
        // The outbox's rows are written in the store writer's transactions (and the WhatsApp store's), so it is part of the store.
        WebhookOutbox webhookOutbox = config.webhooks().enabled() ? new WebhookOutbox(config.webhooks(), Clock.systemUTC()) : null;
        Config.CallSummary callSummary = config.whatsapp().enabled() ? config.whatsapp().callSummary() : null;
        List<EventOutbox> outboxes = new ArrayList<>();
        if (webhookOutbox != null) outboxes.add(webhookOutbox);
        if (callSummary != null) {
            outboxes.add(new CallSummaryOutbox(callSummary, new MobileNumbers(), config.webhooks().retryFor(), Clock.systemUTC()));
        }
        CallStore store = new JdbcCallStore(dataSource, EventOutbox.all(outboxes));
        log.info("store {} open in {} ms", config.storage().kind().name().toLowerCase(), (System.nanoTime() - storeStarted) / 1_000_000);
        StoreWriter storeWriter = new StoreWriter(store).start();
        CallEventBus events = new CallEventBus();
        events.subscribe(storeWriter::offer);

        Config.Twilio tw = config.twilio();
        TwilioRestClient twilioRest = tw.accountSid() != null && tw.authToken() != null
                ? new TwilioRestClient(vertx, tw.apiUrl(), tw.accountSid(), tw.authToken()) : null;
        TwilioDialer twilioDialer = twilioRest == null ? null : new TwilioDialer(twilioRest, config.http().publicUrl());
        Config.Asterisk ast = config.asterisk();
        AriClient ari = ast.ariUrl() == null ? null : new AriClient(vertx, ast.ariUrl(), ast.username(), ast.password(), ast.app());
        RecordingFiles recordings = RecordingFiles.under(config.storage().dataDir());
        repairInterruptedRecordings(recordings, events);
        RecordingWriter recorder = new RecordingWriter(recordings,
                RecordingWriter.Settings.defaults(config.recording().recordByDefault()), events::publish, Clock.systemUTC()).start();
        // Filled once the front doors exist (the Asterisk one needs the registry); read only once calls are taken.
        Map<Provider, OutboundDialer> dialers = new EnumMap<>(Provider.class);
        CallRegistry registry = new CallRegistry(config.http().maxConcurrentCalls(), events, Clock.systemUTC(), call -> {
            if (call.provider() == Provider.TWILIO && twilioDialer != null) twilioDialer.hangup(call);
            // An originated Asterisk call hung up before it was answered: cancel the ringing channel.
            if (call.provider() == Provider.ASTERISK && ari != null && call.providerCallId() != null) ari.hangup(call.providerCallId(), "normal");
        }, recorder, call -> {
            Provider b = call.record().interpreter().b().provider();
            OutboundDialer dialer = dialers.get(b);
            return dialer != null ? dialer.dialParty(call)
                    : Future.failedFuture(new IllegalStateException(b.wireName() + " is not configured on this server"));
        });
        RecordingDeletion recordingDeletion = new RecordingDeletion(recordings, store, events::publish, Clock.systemUTC());
        long retentionTimer = -1;
        if (config.recording().retention() != null) {
            RecordingRetention retention = new RecordingRetention(recordings, recordingDeletion, config.recording().retention(), Clock.systemUTC());
            retention.sweep();
            retentionTimer = vertx.setPeriodic(RecordingRetention.SWEEP_EVERY.toMillis(),
                    id -> vertx.executeBlocking(retention::sweep, false));
        }
        storeWriter.addCommitListener(batch -> batch.forEach(e -> {
            if (e instanceof CallEvent.Ended ended) registry.retire(ended.callId());
        }));

        GatewayMetrics metrics = new GatewayMetrics(registry);
        events.subscribe(metrics.callEvents());
        metrics.gauge("callbridge.store.queue.depth", "Events waiting to be written", storeWriter, StoreWriter::queueDepth);
        metrics.gauge("callbridge.store.write.failures", "Failed store batch writes (retried)", storeWriter, StoreWriter::writeFailures);
        metrics.gauge("callbridge.recording.queue.bytes", "Recorded audio waiting for the recording writer", recorder, RecordingWriter::queuedBytes);
        metrics.gauge("callbridge.recording.refused", "Audio refused by a full recording queue (those recordings are incomplete)", recorder, RecordingWriter::refusedOffers);

        Engines engines = Engines.from(config, vertx, metrics);
        Map<String, Supplier<Agent>> agentsByName = new HashMap<>(ConfiguredAgents.from(config, vertx, metrics.agents(), metrics.interpreter(), engines));
        agentsByName.putAll(moreAgents);
        AgentFactory agents = new AgentFactory(agentsByName, config.agent().name());

        TwilioRequestAuth twilioAuth = new TwilioRequestAuth(tw.authToken(), config.http().publicUrl());
        TwilioWebhooks webhooks = new TwilioWebhooks(vertx, twilioAuth, registry, store, config.http().publicUrl(),
                agents.defaultAgent(), tw.mediaStartTimeout(), metrics.webhooks(), config.interpreter().numbers());
        TwilioMediaEndpoint media = new TwilioMediaEndpoint(vertx, twilioAuth, registry, agents, metrics.media(Provider.TWILIO),
                twilioRest == null ? TwilioMediaStream.CallRedirect.UNAVAILABLE : twilioRest::redirect);

        if (twilioDialer != null) dialers.put(Provider.TWILIO, twilioDialer);
        EventLoops loops = new EventLoops();
        AsteriskDoor asterisk = null;
        if (ari != null) {
            RtpFormat format = ast.rtpFormat().equals("slin16") ? RtpFormat.SLIN16 : RtpFormat.PCMU;
            AsteriskCallSetup setup = new AsteriskCallSetup(vertx, ari, new RtpPortPool(ast.rtpPortMin(), ast.rtpPortMax()),
                    ast.rtpHost(), format, metrics.rtp(), ast.transferContext());
            AsteriskFrontDoor frontDoor = new AsteriskFrontDoor(vertx, ari, registry, agents, setup, loops, metrics.asterisk(),
                    config.interpreter().numbers());
            dialers.put(Provider.ASTERISK, new AsteriskDialer(ari, ast.endpointTemplate(), frontDoor));
            asterisk = new AsteriskDoor(ari, new AriEventStream(vertx, ast.ariUrl(), ast.username(), ast.password(), ast.app(), frontDoor),
                    frontDoor);
        }
        AsteriskDoor door = asterisk;
        ApiAuth apiAuth = new ApiAuth(config.http().apiToken());
        CallsApi calls = new CallsApi(vertx, registry, store, dialers,
                new CallDefaults(tw.phoneNumber(), agents.names(), agents.defaultAgent()),
                engines.translator() == null ? LanguagePairs.NONE : new TranslatorLanguagePairs(engines.translator(), config.translate().engine()));
        SystemHistory history = new SystemHistory(registry, metrics, Clock.systemUTC());
        history.sample(); // the dashboard's charts have a first point at once
        long historyTimer = vertx.setPeriodic(SystemHistory.EVERY.toMillis(), id -> history.sample());
        OpsApi ops = new OpsApi(vertx, registry, store, metrics,
                Map.of("twilio", () -> twilioRest != null ? "configured" : "webhooks only (no REST credentials)",
                        "asterisk", () -> door == null ? "off (no ARI_URL)" : door.frontDoor().connected() ? "connected" : "disconnected"),
                history);
        EventsSocket eventsSocket = new EventsSocket(vertx, apiAuth, events, EventsSocket.Limits.DEFAULTS, metrics.eventsSocket());
        metrics.gauge("callbridge.events.subscribers", "Open /ws/events subscribers", eventsSocket, EventsSocket::subscribers);

        // WhatsApp's store and Graph API client come before the outbox's worker, which sends the call summary through them.
        WhatsAppStore whatsappStore = new WhatsAppStore(dataSource, webhookOutbox != null ? webhookOutbox : MessageOutbox.NONE);
        GraphApiClient graph = config.whatsapp().enabled() ? new GraphApiClient(vertx, config.whatsapp(), GraphApiClient.Limits.DEFAULTS) : null;
        Map<String, DeliveryTarget> ownReceivers = callSummary == null ? Map.of() : Map.of(CallSummaryOutbox.RECEIVER,
                new CallSummarySender(callSummary, new CallSummaryWriter(engines.llm(), config.agent().instructions(), vertx.getOrCreateContext(),
                        Duration.ofSeconds(60)), graph, whatsappStore, m -> eventsSocket.broadcast(m.eventText()), events::publish, Clock.systemUTC()));
        DeliveryRows deliveryRows = new DeliveryRows(dataSource);
        DeliveryWorker deliveryWorker = startDeliveryWorker(deliveryRows,
                new DeliveryTargets(config.webhooks(), new WebhookSender(Clock.systemUTC()), ownReceivers), storeWriter, metrics);
        if (deliveryWorker != null) {
            log.info("outbox: {} webhook subscriptions{}, retried for up to {}", config.webhooks().subscriptions().size(),
                    callSummary == null ? "" : " and the WhatsApp summary after a call", config.webhooks().retryFor());
        }
        WhatsAppLink whatsapp = config.whatsapp().enabled() ? WhatsAppLink.start(config, vertx, engines, graph, whatsappStore, m -> {
            eventsSocket.broadcast(m.eventText());
            // Each change is committed with its outbox rows: they can go now rather than at the next poll.
            if (deliveryWorker != null) deliveryWorker.wake();
        }) : null;

        RecordingApi recordingApi = new RecordingApi(recordings, recordingDeletion, registry, store);
        Router router = GatewayRoutes.create(vertx, new GatewayRoutes.Handlers(apiAuth, config.http().corsOrigins(),
                calls, recordingApi, ops, eventsSocket, webhooks, media, metrics.http(),
                new DashboardFiles(config.http().apiToken() == null), whatsapp == null ? null : whatsapp.routes(),
                new WebhookDeliveriesApi(vertx, deliveryRows, deliveryWorker, config.webhooks(), Clock.systemUTC())));

        awaitWarmUp.run();
        AtomicInteger boundPort = new AtomicInteger();
        HttpServerOptions options = ConnectionGuard.http1Only(new HttpServerOptions()
                .setHost(config.http().host()).setPort(config.http().port())
                // No client has more to say in one message (Twilio's are under 1 KiB): a larger frame is refused with 1009 from its header.
                .setMaxWebSocketFrameSize(TwilioMediaEndpoint.MAX_MESSAGE_BYTES).setMaxWebSocketMessageSize(TwilioMediaEndpoint.MAX_MESSAGE_BYTES)
                .setTcpNoDelay(true));
        ConnectionGuard guard = new ConnectionGuard(config.http().idleTimeout(), config.http().headerTimeout(), metrics.http());
        String deploymentId = vertx.deployVerticle(() -> new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        loops.add(context); // Asterisk calls are spread over the same event loops
                        return guard.applyTo(vertx.createHttpServer(options)).requestHandler(router)
                                .listen(listenPort(config.http().port()), config.http().host())
                                .onSuccess(s -> boundPort.set(s.actualPort()));
                    }
                }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .await();
        log.info("callbridge {} listening on {}:{} (public URL {}), store {}, agent {}, max {} calls",
                Version.current(), config.http().host(), boundPort.get(), config.http().publicUrl(),
                config.storage().kind().name().toLowerCase(), config.agent().name(), config.http().maxConcurrentCalls());
        if (config.http().apiToken() == null) log.info("API_TOKEN is not set: the API answers loopback clients only");
        if (tw.authToken() == null) log.info("TWILIO_AUTH_TOKEN is not set: Twilio requests are accepted from loopback only");
        if (ari != null) warnOfAWeakAriPassword(ast);
        if (door != null) door.frontDoor().start(door.events());
        List<Supplier<Future<Void>>> providerLinks = new ArrayList<>();
        if (twilioRest != null) providerLinks.add(twilioRest::close);
        if (whatsapp != null) providerLinks.add(whatsapp.graph()::close);
        if (door != null) {
            providerLinks.add(door.events()::close);
            providerLinks.add(door.ari()::close);
        }
        return new Gateway(vertx, store, storeWriter, registry, deploymentId, boundPort.get(), List.copyOf(providerLinks), recorder,
                retentionTimer, historyTimer, eventsSocket, engines, deliveryWorker);
    }

    /** Loud, because anyone who reaches Asterisk's HTTP port with it controls every call. */
    private static void warnOfAWeakAriPassword(Config.Asterisk ast) {
        String weakness = SamplePasswords.weakness(ast.password().reveal());
        if (weakness == null) return;
        log.warn("!!! ARI_PASSWORD is not safe to use: {}. Whoever reaches Asterisk's ARI ({}) with it can answer, hang up and "
                + "listen to every call. Set a long random password (openssl rand -hex 24) in ari.conf and in ARI_PASSWORD. !!!",
                weakness, ast.ariUrl());
    }

    /** The outbox's worker, when anything can be written to the outbox (webhooks, the call summary); else null. */
    private static DeliveryWorker startDeliveryWorker(DeliveryRows rows, DeliveryTargets targets, StoreWriter storeWriter, GatewayMetrics metrics) {
        if (!targets.any()) return null;
        DeliveryWorker worker = new DeliveryWorker(rows, targets, metrics.webhookDeliveries(), Clock.systemUTC(), DeliveryPacing.DEFAULT).start();
        storeWriter.addCommitListener(batch -> worker.wake());
        metrics.gauge("callbridge.webhook.queue.depth", "Webhook deliveries pending or failed (to be retried)", worker, DeliveryWorker::queueDepth);
        metrics.gauge("callbridge.webhook.oldest.pending.seconds", "Age of the oldest webhook delivery not yet delivered or dead",
                worker, DeliveryWorker::oldestPendingSeconds);
        return worker;
    }

    /** Recordings a killed process left unfinished become valid WAVs before any call is taken; their records say so. */
    private static void repairInterruptedRecordings(RecordingFiles recordings, CallEventBus events) {
        try {
            for (RecordingFiles.Repaired r : recordings.repairInterrupted()) {
                events.publish(new CallEvent.RecordingChanged(r.callId(), r.recording(), java.time.Instant.now()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot repair the recordings in " + recordings.dir() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public CallRegistry registry() {
        return registry;
    }

    public CallStore store() {
        return store;
    }

    /**
     * Hangs up every call still up with {@code shutdown}, then closes, last things last. No call is
     * admitted from here on. A call with a leg is hung up through it: an Asterisk caller's channel
     * over ARI; a Twilio stream is closed, which ends the phone call because nothing follows
     * {@code <Connect>} in our TwiML. A call with no leg yet (queued, ringing) is ended at the
     * provider. A leg still playing out its last audio after {@link #HANGUP_GRACE} is not waited
     * for: its call is ended on the record there and then. The Twilio and ARI clients are closed
     * once their requests (those hang-ups) are answered, then the HTTP listeners, then the store,
     * after everything is written.
     *
     * @return how many calls were still up and hung up here
     */
    public int stop() {
        registry.stopAdmitting();
        List<Call> live = registry.all().stream().filter(call -> !call.isEnded()).toList();
        live.forEach(call -> call.execute(() -> call.hangup(EndReason.SHUTDOWN)));
        if (!awaitNoActiveCalls(HANGUP_GRACE)) {
            // Read again: a call admitted just before stopAdmitting() may have joined since.
            registry.all().stream().filter(call -> !call.isEnded())
                    .forEach(call -> call.execute(() -> call.endNow(EndReason.SHUTDOWN)));
            if (!awaitNoActiveCalls(Duration.ofSeconds(1))) {
                log.warn("{} calls did not end on their event loops; their records may stay open", registry.activeCalls());
            }
        }
        for (Supplier<Future<Void>> link : providerLinks) {
            try {
                link.get().await();
            } catch (RuntimeException e) { // the store is still to be flushed: carry on
                log.warn("closing a provider connection failed: {}", e.toString());
            }
        }
        eventsSocket.close(); // the calls' last events are out; a subscriber that does not read must not hold up the undeploy
        vertx.undeploy(deploymentId).await();
        if (retentionTimer >= 0) vertx.cancelTimer(retentionTimer);
        vertx.cancelTimer(historyTimer);
        recorder.close(); // its call.recording events go to the store writer: close it first
        storeWriter.close();
        if (deliveryWorker != null) deliveryWorker.close(); // rows it did not finish stay in the table for the next start
        store.close();
        engines.close();
        return live.size();
    }

    private boolean awaitNoActiveCalls(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (registry.activeCalls() > 0) {
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
