package dev.callbridge;

import dev.callbridge.sim.FixedLatencyEnginesCommand;
import dev.callbridge.sim.LoadTestCommand;
import dev.callbridge.sim.RealtimeEchoCommand;
import dev.callbridge.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./callbridge}: the command line. {@code serve} wires the gateway through {@link Gateway}. */
@Command(name = "callbridge", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Self-hosted voice-AI telephony gateway.",
        subcommands = {ServeCommand.class, SimulateCommand.class, LoadTestCommand.class, RealtimeEchoCommand.class,
                FixedLatencyEnginesCommand.class})
public final class Main implements Runnable {
    /**
     * Netty's pooled allocator instead of 4.2's default adaptive one: every 20 ms frame is read
     * into a fresh buffer, and the pooled allocator's per-thread caches serve that at about half
     * the cost (allocation was 9–11 % of the echo path's user CPU, 5–7 % with pooled; same idle
     * RSS). It must be chosen before Netty's first buffer, so here, unless the JVM was told otherwise.
     */
    static final String NETTY_ALLOCATOR = "io.netty.allocator.type";

    public static void main(String[] args) {
        if (System.getProperty(NETTY_ALLOCATOR) == null) System.setProperty(NETTY_ALLOCATOR, "pooled");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"callbridge " + Version.current()};
        }
    }
}
