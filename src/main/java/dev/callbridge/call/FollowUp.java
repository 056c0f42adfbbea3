package dev.callbridge.call;

import java.time.Instant;

/**
 * What became of the message a completed call is followed up with ({@code followUp} in the call
 * JSON): today a WhatsApp template carrying the model's summary of the call. Null on a call that
 * gets none (not completed, or no follow-up configured).
 *
 * @param status    {@code pending} (written with the call's end, not tried yet), {@code sent} (Meta accepted it),
 *                  {@code retrying} (an attempt failed in a way worth retrying; the next is scheduled),
 *                  {@code failed} (given up: Meta refused it, or retries ran out), {@code skipped} (not sent; see error)
 * @param to        the number it goes to, E.164
 * @param template  the WhatsApp template's name
 * @param summary   the summary sent, once written
 * @param messageId Meta's wamid, once sent
 * @param error     why it failed or was skipped; null otherwise
 * @param attempts  attempts made so far
 * @param at        when this status was reached
 */
public record FollowUp(String status, String channel, String to, String template, String summary, String messageId,
                       Error error, int attempts, Instant at) {
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    /** @param code Meta's error code (131047, 131030, 190, 130429…) when there is one */
    public record Error(Integer code, String message) {}
}
