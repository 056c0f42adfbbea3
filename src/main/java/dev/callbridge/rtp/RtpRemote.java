package dev.callbridge.rtp;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import java.util.Arrays;

/**
 * Where the far end receives, and the only source we accept packets from once known (symmetric
 * RTP, RFC 4961, the way Asterisk's strictrtp expects it). Only IP literals: resolving a name
 * here would block the event loop, and Asterisk reports an address anyway.
 */
record RtpRemote(String host, int port, byte[] address) {

    static RtpRemote of(String host, int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("remote port must be 1..65535: " + port);
        byte[] address = host == null ? null : NetUtil.createByteArrayFromIpAddressString(host);
        if (address == null) throw new IllegalArgumentException("remote host must be an IP address, not '" + host + "'");
        boolean any = true;
        for (byte b : address) any &= b == 0;
        if (any) {
            throw new IllegalArgumentException("remote host " + host + " is the any-address; Asterisk reports it when bound to all"
                    + " interfaces: use the address Asterisk is reachable at");
        }
        return new RtpRemote(host, port, address);
    }

    /** The source of a packet we latch onto; taken as it is, since it demonstrably sent to us. */
    static RtpRemote of(SocketAddress sender) {
        return new RtpRemote(sender.hostAddress(), sender.port(), NetUtil.createByteArrayFromIpAddressString(sender.hostAddress()));
    }

    boolean matches(SocketAddress sender) {
        if (sender.port() != port) return false;
        String from = sender.hostAddress();
        return host.equals(from) || Arrays.equals(address, NetUtil.createByteArrayFromIpAddressString(from));
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
