package dev.callbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.asterisk.SamplePasswords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/asterisk as a new user copies it: ARI only on loopback, no SIP account that works with a
 * sample password, the ARI placeholder one the gateway warns about, and a caller who reaches an
 * unconnected callbridge told so on every path into {@code Stasis()}.
 */
class ShippedAsteriskConfigTest {
    private static final Path DIR = Path.of("deploy", "asterisk");

    /** One {@code [name]} section's active lines (comments and blank lines dropped), in order. */
    private record Section(String name, List<String> lines) {
        String value(String key) {
            for (String l : lines) {
                String[] kv = l.split("=>|=", 2);
                if (kv.length == 2 && kv[0].strip().equals(key)) return kv[1].strip();
            }
            return null;
        }
    }

    private static List<Section> sections(String file) throws IOException {
        List<Section> out = new ArrayList<>();
        Section current = null;
        for (String raw : Files.readAllLines(DIR.resolve(file))) {
            String line = raw.replaceAll(";.*", "").strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[")) {
                current = new Section(line.substring(1, line.indexOf(']')), new ArrayList<>());
                out.add(current);
            } else if (current != null) {
                current.lines().add(line);
            }
        }
        return out;
    }

    @Test
    void ariListensOnLoopbackOnly() throws IOException {
        Section general = sections("http.conf").stream().filter(s -> s.name().equals("general")).findFirst().orElseThrow();
        assertThat(general.value("bindaddr")).isEqualTo("127.0.0.1");
        assertThat(general.value("tlsbindaddr")).as("TLS stays off until configured").isNull();
    }

    @Test
    void theAriPlaceholderIsOneTheGatewayWarnsAbout() throws IOException {
        Section user = sections("ari.conf").stream().filter(s -> "user".equals(s.value("type"))).findFirst().orElseThrow();
        assertThat(SamplePasswords.weakness(user.value("password"))).as("copied unchanged, it is warned about").isNotNull();
    }

    @Test
    void noSipAccountIsActiveWithASamplePassword() throws IOException {
        List<Section> auths = sections("pjsip.conf").stream().filter(s -> "auth".equals(s.value("type"))).toList();
        for (Section auth : auths) {
            assertThat(SamplePasswords.weakness(auth.value("password"))).as("auth [%s]", auth.name()).isNull();
        }
        // The softphone ships switched off: its endpoint is not active until given a password.
        assertThat(sections("pjsip.conf")).noneMatch(s -> s.name().equals("softphone"));
    }

    @Test
    void everyPathIntoStasisToldTheCallerWhenCallbridgeIsNotThere() throws IOException {
        Map<String, List<String>> extensions = new LinkedHashMap<>();
        for (Section context : sections("extensions.conf")) {
            String exten = null;
            for (String line : context.lines()) {
                if (line.startsWith("exten")) exten = context.name() + "/" + line.split("=>", 2)[1].split(",")[0].strip();
                if (exten != null) extensions.computeIfAbsent(exten, k -> new ArrayList<>()).add(line);
            }
        }
        List<String> intoStasis = extensions.keySet().stream().filter(e -> extensions.get(e).stream().anyMatch(l -> l.contains("Stasis("))).toList();
        assertThat(intoStasis).contains("from-provider/_X.", "from-softphone/100");
        for (String exten : intoStasis) {
            List<String> steps = extensions.get(exten);
            int stasis = indexOf(steps, "Stasis(");
            assertThat(indexOf(steps, "Playback(ss-noservice)")).as(exten).isGreaterThan(stasis);
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(part)) return i;
        return -1;
    }
}
