package dev.callbridge.api;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a request comes from this machine: what "unset token means loopback only" rests on. */
public final class Loopback {
    private Loopback() {}

    public static boolean isClient(HttpServerRequest request) {
        if (request.remoteAddress() == null || request.remoteAddress().hostAddress() == null) return false;
        try {
            // A literal address: no DNS lookup happens.
            return InetAddress.getByName(request.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
