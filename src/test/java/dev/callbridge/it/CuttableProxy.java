package dev.callbridge.it;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback in front of the gateway that a test can take down: {@link #down()} cuts
 * every open connection (as a dropped network does, with no WebSocket close) and refuses new ones
 * until {@link #up()}. The browser talks to the gateway only through it.
 */
public final class CuttableProxy implements AutoCloseable {
    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    public CuttableProxy(Vertx vertx, int targetPort) {
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(in -> {
            if (down) {
                in.close();
                return;
            }
            in.pause();
            open.add(in);
            client.connect(targetPort, "127.0.0.1").onComplete(ar -> {
                if (ar.failed() || down) {
                    in.close();
                    if (ar.succeeded()) ar.result().close();
                    return;
                }
                NetSocket out = ar.result();
                open.add(out);
                in.closeHandler(v -> { open.remove(in); out.close(); });
                out.closeHandler(v -> { open.remove(out); in.close(); });
                in.pipeTo(out);
                out.pipeTo(in);
                in.resume();
            });
        });
        server.listen(0, "127.0.0.1").await();
    }

    public int port() {
        return server.actualPort();
    }

    public void down() {
        down = true;
        open.forEach(NetSocket::close);
    }

    public void up() {
        down = false;
    }

    @Override
    public void close() {
        down();
        server.close().await();
        client.close().await();
    }
}
