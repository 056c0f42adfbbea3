package dev.callbridge.audio.bench;

import java.util.Collection;
import java.util.Comparator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link AudioFrameBenchmark} briefly (about 1.5 minutes) and prints, per step, the time
 * per 20 ms frame and how many times faster than real time one core does it. Arguments: an
 * optional benchmark-name regex to run a subset.
 */
public final class AudioBenchmarks {
    private static final double FRAME_NANOS = 20_000_000;

    private AudioBenchmarks() {}

    public static void main(String[] args) throws RunnerException {
        String include = AudioFrameBenchmark.class.getName() + "." + (args.length > 0 ? args[0] : "");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .build()).run();

        System.out.printf("%n%-28s %12s %10s %16s%n", "step (one 20 ms frame)", "ns/frame", "± ns", "×real-time/core");
        results.stream()
                .sorted(Comparator.comparing(r -> r.getParams().getBenchmark()))
                .forEach(r -> {
                    Result<?> primary = r.getPrimaryResult();
                    String name = r.getParams().getBenchmark();
                    System.out.printf("%-28s %12.0f %10.0f %16.0f%n", name.substring(name.lastIndexOf('.') + 1),
                            primary.getScore(), primary.getScoreError(), FRAME_NANOS / primary.getScore());
                });
        System.out.printf("(JDK %s, %s, %d cores)%n", Runtime.version(), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
    }
}
