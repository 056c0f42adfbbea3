import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * scripts/bench-compare's table: for each figure, the median over runs of the base and the new
 * build, with the spread (lowest–highest). Reads values.tsv and the loadtest --json reports.
 */
public class BenchCompareSummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static File dir;

    public static void main(String[] args) throws Exception {
        dir = new File(args[0]);
        String calls = args[1];
        String bigCalls = args[2];
        List<String[]> values = Files.readAllLines(dir.toPath().resolve("values.tsv")).stream()
                .filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
        System.out.println("| figure | base: median (spread) | new: median (spread) | runs |");
        System.out.println("|---|---|---|---|");
        tsv(values, "cold_start_ms", "cold start: exec → /health 200, ms", "%.0f");
        tsv(values, "idle_rss_mb", "idle RSS, MB", "%.0f");
        report("echo-" + calls, "echo " + calls + " calls: server CPU µs per echoed frame (steady)",
                r -> r.at("/server/steadyCpuMicrosPerEchoedFrame").asDouble(Double.NaN), "%.1f");
        report("echo-" + calls, "echo " + calls + " calls: whole-run CPU µs per frame",
                r -> r.at("/server/cpuMicrosPerEchoedFrame").asDouble(Double.NaN), "%.1f");
        report("echo-" + calls, "echo " + calls + " calls: steady round trip p99, ms",
                r -> r.at("/steadyRoundTripMs/p99").asDouble(Double.NaN), "%.1f");
        report("echo-" + calls, "echo " + calls + " calls: frames lost", r -> r.at("/frames/lost").asDouble(), "%.0f");
        report("echo-first", "echo, fresh gateway's first wave: first-second p50, ms",
                r -> r.at("/firstSecondRoundTripMs/p50").asDouble(Double.NaN), "%.1f");
        report("echo-first", "echo, fresh gateway's first wave: first-second p99, ms",
                r -> r.at("/firstSecondRoundTripMs/p99").asDouble(Double.NaN), "%.1f");
        report("echo-" + bigCalls, "echo " + bigCalls + " calls: RSS with every call live, MB",
                r -> r.at("/server/rssBytesUnderLoad").asDouble(Double.NaN) / 1e6, "%.0f");
        report("echo-" + bigCalls, "echo " + bigCalls + " calls: steady round trip p99, ms",
                r -> r.at("/steadyRoundTripMs/p99").asDouble(Double.NaN), "%.1f");
        report("echo-" + bigCalls, "echo " + bigCalls + " calls: frames lost", r -> r.at("/frames/lost").asDouble(), "%.0f");
        report("relay-" + calls, "relay " + calls + " calls: server CPU µs per relayed frame (steady)",
                r -> r.at("/server/steadyCpuMicrosPerEchoedFrame").asDouble(Double.NaN), "%.1f");
        report("relay-" + calls, "relay " + calls + " calls: whole-run CPU µs per frame",
                r -> r.at("/server/cpuMicrosPerEchoedFrame").asDouble(Double.NaN), "%.1f");
        report("relay-" + calls, "relay " + calls + " calls: steady round trip p99, ms",
                r -> r.at("/steadyRoundTripMs/p99").asDouble(Double.NaN), "%.1f");
        report("relay-" + calls, "relay " + calls + " calls: frames lost", r -> r.at("/frames/lost").asDouble(), "%.0f");
        report("relay-first", "relay, fresh gateway's first wave: first-second p50, ms",
                r -> r.at("/firstSecondRoundTripMs/p50").asDouble(Double.NaN), "%.1f");
        report("relay-first", "relay, fresh gateway's first wave: first-second p99, ms",
                r -> r.at("/firstSecondRoundTripMs/p99").asDouble(Double.NaN), "%.1f");
        report("relay-first", "relay, fresh gateway's first wave: frames lost", r -> r.at("/frames/lost").asDouble(), "%.0f");
    }

    private static void tsv(List<String[]> values, String metric, String label, String format) {
        row(label, format, pick(values, "base", metric), pick(values, "new", metric));
    }

    private static double[] pick(List<String[]> values, String which, String metric) {
        return values.stream().filter(v -> v[0].equals(which) && v[1].equals(metric))
                .mapToDouble(v -> Double.parseDouble(v[3])).toArray();
    }

    private static void report(String prefix, String label, ToDoubleFunction<JsonNode> metric, String format) throws Exception {
        row(label, format, fromReports(prefix + "-base-", metric), fromReports(prefix + "-new-", metric));
    }

    private static double[] fromReports(String prefix, ToDoubleFunction<JsonNode> metric) throws Exception {
        List<Double> out = new ArrayList<>();
        File[] files = dir.listFiles((d, n) -> n.startsWith(prefix) && n.endsWith(".json"));
        for (File f : files == null ? new File[0] : files) out.add(metric.applyAsDouble(JSON.readTree(f)));
        return out.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
    }

    private static void row(String label, String format, double[] base, double[] fresh) {
        if (base.length == 0 && fresh.length == 0) return;
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %d / %d |%n", label, cell(base, format), cell(fresh, format),
                base.length, fresh.length);
    }

    private static String cell(double[] v, String format) {
        if (v.length == 0) return "n/a";
        double[] s = v.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        String m = String.format(Locale.ROOT, format, median);
        return s.length == 1 ? m : m + " (" + String.format(Locale.ROOT, format, s[0]) + "–"
                + String.format(Locale.ROOT, format, s[s.length - 1]) + ")";
    }
}
