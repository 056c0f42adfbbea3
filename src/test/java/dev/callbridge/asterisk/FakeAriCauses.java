package dev.callbridge.asterisk;

import java.util.Map;

/**
 * Hangup reasons ({@code DELETE /channels/{id}?reason=…}) → Q.850 causes, as Asterisk's
 * resource_channels.c maps them, and the {@code cause_txt} Asterisk's causes table gives.
 */
final class FakeAriCauses {
    private static final Map<String, Integer> REASONS = Map.ofEntries(
            Map.entry("normal", 16), Map.entry("busy", 17), Map.entry("congestion", 34), Map.entry("no_answer", 19),
            Map.entry("timeout", 18), Map.entry("rejected", 21), Map.entry("unallocated", 1),
            Map.entry("normal_unspecified", 31), Map.entry("number_incomplete", 28), Map.entry("codec_mismatch", 58),
            Map.entry("interworking", 127), Map.entry("failure", 38), Map.entry("answered_elsewhere", 26));
    private static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(1, "Unallocated (unassigned) number"), Map.entry(16, "Normal Clearing"), Map.entry(17, "User busy"),
            Map.entry(18, "No user responding"), Map.entry(19, "User alerting, no answer"), Map.entry(21, "Call Rejected"),
            Map.entry(26, "Answered Elsewhere"), Map.entry(28, "Invalid number format"),
            Map.entry(31, "Normal, unspecified"), Map.entry(34, "Circuit/channel congestion"),
            Map.entry(38, "Network out of order"), Map.entry(58, "Bearer capability not available"),
            Map.entry(127, "Interworking, unspecified"));

    private FakeAriCauses() {}

    /** The cause for a reason; null for an unknown reason (Asterisk answers 400 then). A missing reason is normal. */
    static Integer forReason(String reason) {
        return reason == null || reason.isEmpty() ? Integer.valueOf(16) : REASONS.get(reason);
    }

    static String text(int cause) {
        return TEXTS.getOrDefault(cause, "Unknown");
    }
}
