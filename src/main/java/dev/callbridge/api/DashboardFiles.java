package dev.callbridge.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The dashboard: a few static files from the jar ({@code dashboard/} on the classpath), read once
 * at start-up so serving them never touches the disk on an event loop. {@code index.html} answers
 * for every page of the single-page app ({@code /}, {@code /calls/{id}}, {@code /new-call}, {@code /system}); the other files live
 * under {@code /ui/}, with the chart library from its WebJar ({@link #UPLOT_FILES}). Each file has a strong ETag (a hash of its bytes) and is revalidated on each
 * use ({@code no-cache}): the names carry no hash, so a stale copy must never be used unasked.
 *
 * <p>Access follows the API's: without {@code API_TOKEN} only loopback browsers; with it, the files
 * are public (they hold no call data) and the page asks for the token before calling the API.
 */
public final class DashboardFiles {
    /** Every file of the dashboard; a name not here is a 404, whatever the classpath holds. */
    static final List<String> FILES = List.of("index.html", "app.js", "api.js", "events.js", "dom.js", "live.js", "call.js",
            "token.js", "style.css", "favicon.svg", "history.js", "newcall.js", "system.js",
            "callstats.js", "callcontrols.js", "recording.js");
    /**
     * Library files served under {@code /ui/} by the name here, from the uPlot WebJar's
     * {@code META-INF/resources/webjars/uplot/<version>/}: the ES module as published (no build step) and its CSS.
     */
    static final Map<String, String> UPLOT_FILES = Map.of("uplot.esm.js", "dist/uPlot.esm.js", "uplot.min.css", "dist/uPlot.min.css");
    /** The WebJar's own record of its version: the pom names the version once, and nothing here repeats it. */
    private static final String UPLOT_POM_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    /** What a Host header may look like to be echoed into the CSP (a name or address, and a port). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    record File(String name, Buffer body, String type, String etag) {}

    private final Map<String, File> files;
    private final boolean loopbackOnly;

    /** {@code loopbackOnly}: no API token is set, so only this machine's browsers may load the dashboard. */
    public DashboardFiles(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
        String uplot = "META-INF/resources/webjars/uplot/" + webJarVersion(UPLOT_POM_PROPERTIES) + "/";
        this.files = Stream.concat(FILES.stream().map(name -> load(name, "dashboard/" + name)),
                        UPLOT_FILES.entrySet().stream().map(e -> load(e.getKey(), uplot + e.getValue())))
                .collect(Collectors.toUnmodifiableMap(File::name, Function.identity()));
    }

    /** {@code GET /}, {@code /calls/:id}, {@code /new-call}, {@code /system}: the app's one page; it routes on the path itself. */
    public void page(RoutingContext rc) {
        serve(rc, files.get("index.html"));
    }

    /** {@code GET /ui/:file} */
    public void asset(RoutingContext rc) {
        File file = files.get(rc.pathParam("file"));
        if (file == null || file.name().equals("index.html")) {
            rc.fail(ApiError.notFound("no dashboard file " + RequestScreen.printable(rc.pathParam("file"))));
            return;
        }
        serve(rc, file);
    }

    private void serve(RoutingContext rc, File file) {
        HttpServerRequest request = rc.request();
        if (loopbackOnly && !Loopback.isClient(request)) {
            throw new ApiError(403, "forbidden", "API_TOKEN is not set, so only loopback browsers may open the dashboard");
        }
        HttpServerResponse response = rc.response()
                .putHeader("ETag", file.etag())
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        if (file.type().startsWith("text/html")) {
            response.putHeader("Content-Security-Policy", contentSecurityPolicy(request.getHeader("Host")))
                    .putHeader("X-Frame-Options", "DENY");
        }
        if (matches(request.getHeader("If-None-Match"), file.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", file.type()).end(file.body());
    }

    /**
     * Scripts, styles and images from this origin only: no inline script or style, no eval. Older
     * browsers do not count {@code ws:} to this host as {@code 'self'}, so it is named, when the
     * Host header is a plain host (anything else is left out rather than echoed).
     */
    static String contentSecurityPolicy(String host) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:;"
                + " connect-src 'self'" + sockets + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** RFC 9110 §13.1.2: a list of tags, or {@code *}; weak comparison. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }

    /** The {@code version} a WebJar's {@code pom.properties} records. */
    static String webJarVersion(String pomProperties) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(pomProperties)) {
            if (in == null) throw new IllegalStateException(pomProperties + " is missing from the classpath: is the WebJar a dependency?");
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version");
            if (version == null || !version.matches("[0-9A-Za-z.\\-]+")) {
                throw new IllegalStateException(pomProperties + " has no plain version: " + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name}: what {@code /ui/} serves it as; {@code resource}: where it is on the classpath. */
    private static File load(String name, String resource) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the jar");
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return new File(name, Buffer.buffer(bytes), type, "\"" + hash + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
