package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decoding matches, code for code, the tables published in protocols/rtp.md. */
class G711DecodeTest {
    private static final Map<String, int[]> TABLES = new HashMap<>();

    @BeforeAll
    static void loadTables() throws IOException {
        try (var in = G711DecodeTest.class.getResourceAsStream("g711-decode-tables.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int[] table = null;
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("[")) {
                    table = new int[256];
                    java.util.Arrays.fill(table, Integer.MIN_VALUE);
                    TABLES.put(line.substring(1, line.length() - 1), table);
                    continue;
                }
                String[] parts = line.split("[:\\s]+");
                int code = Integer.parseInt(parts[0].substring(2), 16);
                for (int i = 1; i < parts.length; i++) table[code + i - 1] = Integer.parseInt(parts[i]);
            }
        }
        assertThat(TABLES.keySet()).containsExactlyInAnyOrder("ulaw", "alaw");
        TABLES.values().forEach(t -> assertThat(t).as("every code has a value").doesNotContain(Integer.MIN_VALUE));
    }

    @Test
    void ulawSingleSamplesMatchTheTable() {
        int[] expected = TABLES.get("ulaw");
        for (int code = 0; code < 256; code++) {
            assertThat(G711.ulawToLinear((byte) code)).as("μ-law 0x%02X", code).isEqualTo((short) expected[code]);
        }
    }

    @Test
    void alawSingleSamplesMatchTheTable() {
        int[] expected = TABLES.get("alaw");
        for (int code = 0; code < 256; code++) {
            assertThat(G711.alawToLinear((byte) code)).as("A-law 0x%02X", code).isEqualTo((short) expected[code]);
        }
    }

    @Test
    void bulkDecodingMatchesTheTablesAsLittleEndianPcm() {
        byte[] allCodes = new byte[256];
        for (int code = 0; code < 256; code++) allCodes[code] = (byte) code;
        assertThat(Pcm16.toShorts(G711.ulawToPcm16(allCodes))).containsExactly(asShorts(TABLES.get("ulaw")));
        assertThat(Pcm16.toShorts(G711.alawToPcm16(allCodes))).containsExactly(asShorts(TABLES.get("alaw")));
    }

    private static short[] asShorts(int[] values) {
        short[] s = new short[values.length];
        for (int i = 0; i < values.length; i++) s[i] = (short) values[i];
        return s;
    }
}
