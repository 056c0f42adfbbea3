package dev.callbridge.sim;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where {@code simulate} and {@code loadtest} find the gateway, as one picocli mixin. */
final class TargetOptions {
    @Option(names = "--url", paramLabel = "U", description = "server base URL (default: http://127.0.0.1:${PORT:-8080})")
    URI url;

    @Option(names = "--public-url", paramLabel = "U",
            description = "the server's PUBLIC_URL, which webhook signatures cover (default: $PUBLIC_URL, else http://localhost:${PORT:-8080})")
    URI publicUrl;

    GatewayTarget resolve(LaunchEnvironment env) {
        return GatewayTarget.resolve(url, publicUrl, env);
    }
}
