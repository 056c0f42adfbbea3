package dev.callbridge.metrics;

import dev.callbridge.agent.AgentMetrics;
import dev.callbridge.agent.interpreter.InterpreterMetrics;
import dev.callbridge.engine.llm.ChatModelMetrics;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import dev.callbridge.engine.tts.TextToSpeechMetrics;
import dev.callbridge.api.EventsSocket;
import dev.callbridge.api.HttpMetrics;
import dev.callbridge.asterisk.AsteriskMetrics;
import dev.callbridge.rtp.RtpMetrics;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.Provider;
import dev.callbridge.twilio.MediaProtocolError;
import dev.callbridge.twilio.MediaStreamMetrics;
import dev.callbridge.twilio.TwilioWebhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Every number {@code /metrics} shows, in one place. Per-frame counters are resolved once
 * so the media path only increments an adder.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Provider, ProviderMedia> media = new EnumMap<>(Provider.class);

    public GatewayMetrics(CallRegistry calls) {
        for (Provider p : Provider.values()) {
            media.put(p, new ProviderMedia(p));
            Gauge.builder("callbridge.calls.active", calls, c -> c.activeCalls(p))
                    .description("Calls not yet ended").tag("provider", p.wireName()).register(registry);
        }
        Gauge.builder("callbridge.calls.max.concurrent", calls, CallRegistry::maxConcurrentCalls).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** The media counters of one front door. */
    public MediaStreamMetrics media(Provider provider) {
        return media.get(provider);
    }

    /** RTP's counters (Asterisk calls); its audio packets count as the Asterisk front door's frames too. */
    public RtpMetrics rtp() {
        return new RtpMeters(registry, media.get(Provider.ASTERISK));
    }

    /** The Asterisk control link: reconnects and events it could not read. */
    public AsteriskMetrics asterisk() {
        Counter drops = Counter.builder("callbridge.ari.disconnects").description("ARI event socket drops (reconnected automatically)")
                .register(registry);
        Counter unreadable = Counter.builder("callbridge.ari.unreadable.events").description("ARI events that could not be read")
                .register(registry);
        return new AsteriskMetrics() {
            public void ariDisconnected() { drops.increment(); }
            public void ariUnreadable() { unreadable.increment(); }
        };
    }

    public long framesIn(Provider provider) {
        return media.get(provider).framesIn.sum();
    }

    public long framesOut(Provider provider) {
        return media.get(provider).framesOut.sum();
    }

    /**
     * RTP's problem counters by kind (lost, late, reordered, duplicate, wrong_source, …) and the
     * ARI link's disconnects, as counted so far; for {@code /stats}.
     */
    public Map<String, Long> asteriskCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        registry.find("callbridge.rtp.problems").counters()
                .forEach(c -> counts.put(c.getId().getTag("kind"), (long) c.count()));
        Counter disconnects = registry.find("callbridge.ari.disconnects").counter();
        if (disconnects != null) counts.put("ari_disconnects", (long) disconnects.count());
        return counts;
    }

    /** RTP packets found missing so far (Asterisk calls); Twilio's media rides TCP and loses none on its own. */
    public long framesLost() {
        return (long) registry.find("callbridge.rtp.problems").tag("kind", "lost").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The agents' answer latency, p50 over Micrometer's sliding window, in ms; null when no answer is in the window. */
    public Double responseLatencyP50Millis() {
        Timer t = registry.find("callbridge.agent.response.latency").timer();
        if (t == null) return null;
        for (var v : t.takeSnapshot().percentileValues()) {
            // An empty window reads 0 (or NaN): no answer was timed, which is not a 0 ms answer.
            if (v.percentile() == 0.5) return Double.isNaN(v.value()) || v.value() <= 0 ? null : v.value(TimeUnit.MILLISECONDS);
        }
        return null;
    }

    /** Frames received from phone parties so far, over all front doors. */
    public long framesIn() {
        return media.values().stream().mapToLong(m -> m.framesIn.sum()).sum();
    }

    /** Frames sent to phone parties so far, over all front doors. */
    public long framesOut() {
        return media.values().stream().mapToLong(m -> m.framesOut.sum()).sum();
    }

    /** Counts calls by final status as they end. */
    public Consumer<CallEvent> callEvents() {
        return event -> {
            if (event instanceof CallEvent.Ended e) {
                Counter.builder("callbridge.calls.ended").tag("provider", e.call().provider().wireName())
                        .tag("status", e.call().status().wireName()).register(registry).increment();
            } else if (event instanceof CallEvent.Error e) {
                Counter.builder("callbridge.call.errors").tag("code", e.code()).register(registry).increment();
            }
        };
    }

    public TwilioWebhooks.WebhookMetrics webhooks() {
        return new TwilioWebhooks.WebhookMetrics() {
            @Override
            public void handled(String webhook, long nanos) {
                Timer.builder("callbridge.webhook.latency").tag("webhook", webhook)
                        .publishPercentiles(0.5, 0.99).serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50))
                        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void refused(String webhook, String reason) {
                Counter.builder("callbridge.webhook.refused").description("Webhooks refused (4xx) or rejected as replays, by reason")
                        .tag("webhook", webhook).tag("reason", reason).register(registry).increment();
            }
        };
    }

    /** The HTTP listener's: connections it closed and why, clients that went away mid-request. */
    public HttpMetrics http() {
        return new HttpMetrics() {
            @Override
            public void connectionClosed(String reason) {
                Counter.builder("callbridge.http.connections.closed").description("HTTP connections the server closed, by reason")
                        .tag("reason", reason).register(registry).increment();
            }

            @Override
            public void clientAborted(String kind) {
                Counter.builder("callbridge.http.client.aborts").description("Connections the client reset or closed mid-request")
                        .tag("kind", kind).register(registry).increment();
            }
        };
    }

    /** {@code /ws/events}: subscribers cut off (by reason) or refused. */
    public EventsSocket.Metrics eventsSocket() {
        for (EventsSocket.DropReason r : EventsSocket.DropReason.values()) {
            Counter.builder("callbridge.events.subscribers.dropped").tag("reason", r.label()).register(registry);
        }
        return new EventsSocket.Metrics() {
            @Override
            public void subscriberDropped(EventsSocket.DropReason reason) {
                Counter.builder("callbridge.events.subscribers.dropped").description("Event subscribers cut off for falling behind")
                        .tag("reason", reason.label()).register(registry).increment();
            }

            @Override
            public void subscriberRefused(String reason) {
                Counter.builder("callbridge.events.subscribers.refused").tag("reason", reason).register(registry).increment();
            }
        };
    }

    /** The AI agents' numbers: answer latency, barge-ins, tools, upstream failures. */
    public AgentMetrics agents() {
        Timer latency = Timer.builder("callbridge.agent.response.latency")
                .description("End of the caller's speech to the agent's first audio")
                .publishPercentiles(0.5, 0.9, 0.99).serviceLevelObjectives(Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(registry);
        Counter bargeIns = Counter.builder("callbridge.agent.barge.ins").description("Callers speaking over the agent")
                .register(registry);
        Counter reconnects = Counter.builder("callbridge.agent.upstream.reconnects")
                .description("Realtime sessions that dropped mid-call and were reopened").register(registry);
        Counter rollovers = Counter.builder("callbridge.agent.session.rollovers")
                .description("Realtime sessions replaced by a fresh one before the API's cap").register(registry);
        // Micrometer's default precision (one significant digit) for the pipeline's shares.
        TurnShares turn = new TurnShares("callbridge.pipeline.turn", "Pipeline", 1, "stt", "llm", "tts");
        return new AgentMetrics() {
            @Override
            public void responseLatency(long nanos) {
                latency.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void pipelineTurn(long stt, long llm, long tts, long total) {
                turn.record(stt, llm, tts, total);
            }

            @Override
            public void bargeIn() {
                bargeIns.increment();
            }

            @Override
            public void toolCall(String tool, long nanos, boolean ok) {
                Timer.builder("callbridge.agent.tool.latency").tag("tool", tool).tag("outcome", ok ? "ok" : "error")
                        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void upstreamFailure(String kind) {
                Counter.builder("callbridge.agent.upstream.failures").tag("kind", kind).register(registry).increment();
            }

            @Override
            public void upstreamReconnect() {
                reconnects.increment();
            }

            @Override
            public void sessionRollover() {
                rollovers.increment();
            }
        };
    }

    /**
     * Two significant digits for the interpreter's latency quantiles (Micrometer's default, one, snaps a 370 ms
     * first audio to ±8 %, more than the gateway's whole share of it): about 1 %, for a few times the memory per timer.
     */
    private static final int INTERPRETER_PRECISION = 2;

    /** Interpreted calls: end of speech to the first interpreted audio, translation time, and calls ended by a failing engine. */
    public InterpreterMetrics interpreter() {
        Timer firstAudio = Timer.builder("callbridge.interpreter.first.audio")
                .description("End of a party's speech to the first interpreted audio to the other party")
                .publishPercentiles(0.5, 0.9, 0.99).percentilePrecision(INTERPRETER_PRECISION).register(registry);
        Timer translate = Timer.builder("callbridge.interpreter.translate")
                .description("One translation request, the engine's own time").publishPercentiles(0.5, 0.99).register(registry);
        // Of a turn's first piece: stt (end of speech → its text), translate (the request), tts (sent to synthesis → first audio).
        TurnShares turns = new TurnShares("callbridge.interpreter.turn", "Interpreted", INTERPRETER_PRECISION, "stt", "translate", "tts");
        return new InterpreterMetrics() {
            @Override
            public void firstAudio(long nanos) {
                firstAudio.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void turn(long stt, long translateNanos, long tts, long total) {
                turns.record(stt, translateNanos, tts, total);
            }

            @Override
            public void translated(long nanos) {
                translate.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void engineFailed(String engine) {
                Counter.builder("callbridge.interpreter.engine.failures").description("Interpreted calls ended by a failing engine")
                        .tag("engine", engine).register(registry).increment();
            }
        };
    }
    /**
     * A turn's latency by share, one timer per share under one name: three engines' shares (the
     * pipeline's {@code stt}, {@code llm}, {@code tts}; the interpreter's {@code stt}, {@code translate},
     * {@code tts}) and {@code overhead}, the rest of the turn: the gateway's own time, never below 0.
     */
    private final class TurnShares {
        private final Timer first;
        private final Timer second;
        private final Timer third;
        private final Timer overhead;

        TurnShares(String name, String kind, int precision, String first, String second, String third) {
            this.first = timer(name, kind, precision, first, second, third, first);
            this.second = timer(name, kind, precision, first, second, third, second);
            this.third = timer(name, kind, precision, first, second, third, third);
            this.overhead = timer(name, kind, precision, first, second, third, "overhead");
        }

        private Timer timer(String name, String kind, int precision, String a, String b, String c, String share) {
            return Timer.builder(name).tag("share", share)
                    .description(kind + " turn latency by share: " + a + ", " + b + ", " + c + ", and overhead (the gateway's own)")
                    .publishPercentiles(0.5, 0.9, 0.99).percentilePrecision(precision).register(registry);
        }

        void record(long firstNanos, long secondNanos, long thirdNanos, long totalNanos) {
            first.record(firstNanos, TimeUnit.NANOSECONDS);
            second.record(secondNanos, TimeUnit.NANOSECONDS);
            third.record(thirdNanos, TimeUnit.NANOSECONDS);
            overhead.record(Math.max(0, totalNanos - firstNanos - secondNanos - thirdNanos), TimeUnit.NANOSECONDS);
        }
    }


    /** The LLM engine's numbers: time to first token, and how completions ended (end, cancelled, or a failure kind). */
    public ChatModelMetrics chatModel() {
        Timer firstToken = Timer.builder("callbridge.llm.first.token").description("LLM request sent to its first text or tool call")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        return new ChatModelMetrics() {
            @Override
            public void firstToken(long nanos) {
                firstToken.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void completion(String outcome) {
                Counter.builder("callbridge.llm.completions").description("LLM completions by outcome: end, cancelled, or a failure kind")
                        .tag("outcome", outcome).register(registry).increment();
            }
        };
    }

    /** The STT engine's numbers: its latency from end of utterance to final text, and how utterances ended. */
    public SpeechToTextMetrics speechToText() {
        Timer latency = Timer.builder("callbridge.stt.latency").description("STT end of utterance to its final text")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        return new SpeechToTextMetrics() {
            @Override
            public void utterance(String outcome) {
                Counter.builder("callbridge.stt.utterances").description("STT utterances by outcome: final, empty, cancelled, or a failure kind")
                        .tag("outcome", outcome).register(registry).increment();
            }

            @Override
            public void latency(long nanos) {
                latency.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** The TTS engine's numbers: time to first audio, and how syntheses ended. */
    public TextToSpeechMetrics textToSpeech() {
        Timer firstAudio = Timer.builder("callbridge.tts.first.audio").description("TTS request sent to its first frame of audio")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        return new TextToSpeechMetrics() {
            @Override
            public void firstAudio(long nanos) {
                firstAudio.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void synthesis(String outcome) {
                Counter.builder("callbridge.tts.syntheses").description("TTS syntheses by outcome: end, cancelled, or a failure kind")
                        .tag("outcome", outcome).register(registry).increment();
            }
        };
    }

    /** Counts webhook delivery attempts by outcome: {@code delivered}, {@code failed} (retried later) or {@code dead}. */
    public Consumer<String> webhookDeliveries() {
        for (String outcome : List.of("delivered", "failed", "dead")) webhookDeliveries(outcome);
        return outcome -> webhookDeliveries(outcome).increment();
    }

    private Counter webhookDeliveries(String outcome) {
        return Counter.builder("callbridge.webhook.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** Registers a gauge read at scrape time, e.g. the store writer's queue depth. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /**
     * Frame counters run twice per 20 ms frame of every call, from every event loop: plain
     * {@link LongAdder}s read at scrape time, rather than Micrometer counters, whose every
     * increment also adds a double and asks the exemplar sampler.
     */
    private final class ProviderMedia implements MediaStreamMetrics {
        private final Provider provider;
        private final LongAdder framesIn = new LongAdder();
        private final LongAdder framesOut = new LongAdder();

        ProviderMedia(Provider provider) {
            this.provider = provider;
            FunctionCounter.builder("callbridge.media.frames.in", framesIn, LongAdder::doubleValue)
                    .description("Audio frames received from phone parties").tag("provider", provider.wireName()).register(registry);
            FunctionCounter.builder("callbridge.media.frames.out", framesOut, LongAdder::doubleValue)
                    .description("Audio frames sent to phone parties").tag("provider", provider.wireName()).register(registry);
            Counter.builder("callbridge.media.frames.dropped").tag("provider", provider.wireName())
                    .tag("reason", "before_start_overflow").register(registry);
        }

        @Override
        public void frameIn() {
            framesIn.increment();
        }

        @Override
        public void frameOut() {
            framesOut.increment();
        }

        @Override
        public void frameDropped(String reason) {
            Counter.builder("callbridge.media.frames.dropped").tag("provider", provider.wireName())
                    .tag("reason", reason).register(registry).increment();
        }

        @Override
        public void peerCutOff(String reason) {
            Counter.builder("callbridge.media.peers.cut.off").description("Media peers disconnected for not keeping up")
                    .tag("provider", provider.wireName()).tag("reason", reason).register(registry).increment();
        }

        @Override
        public void protocolError(MediaProtocolError kind) {
            Counter.builder("callbridge.media.protocol.errors").tag("provider", provider.wireName())
                    .tag("kind", kind.label()).register(registry).increment();
        }
    }
}
