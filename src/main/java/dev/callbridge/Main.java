package dev.callbridge;

import dev.callbridge.sim.LoadTestCommand;
import dev.callbridge.sim.RealtimeEchoCommand;
import dev.callbridge.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./callbridge}: the command line. {@code serve} wires the gateway through {@link Gateway}. */
@Command(name = "callbridge", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Self-hosted voice-AI telephony gateway.",
        subcommands = {ServeCommand.class, SimulateCommand.class, LoadTestCommand.class, RealtimeEchoCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
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
