package dev.callbridge.agent.pipeline;

import dev.callbridge.engine.EngineFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per engine, shared by every call: when an engine keeps failing, new work is
 * refused at once (the caller hears the fallback prompt within milliseconds) instead of every call
 * waiting out the engine's timeouts. Cancelled work (a barge-in) counts neither way.
 */
public final class EngineBreaker {
    private final EngineFailure.Engine engine;
    private final CircuitBreaker breaker;

    EngineBreaker(EngineFailure.Engine engine, CircuitBreaker breaker) {
        this.engine = engine;
        this.breaker = breaker;
    }

    /** Half the last 20 requests failed (at least 5 seen): open for 30 s, then let a few through to probe. */
    public static EngineBreaker standard(EngineFailure.Engine engine) {
        return new EngineBreaker(engine, CircuitBreaker.of("pipeline-" + engine.label(), CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(5).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30)).build()));
    }

    /** Whether new work may start; when true, exactly one of the three reports below must follow. */
    public boolean permit() {
        return breaker.tryAcquirePermission();
    }

    /** The failure a refused permit stands for, as the call's record shows it. */
    public EngineFailure open() {
        return EngineFailure.of(engine, EngineFailure.Kind.UNREACHABLE,
                engine.label() + " engine failing for many calls; circuit open, not trying");
    }

    public void succeeded(long startedNanos) {
        breaker.onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    public void failed(long startedNanos, EngineFailure failure) {
        breaker.onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, failure);
    }

    public void cancelled() {
        breaker.releasePermission();
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }
}
