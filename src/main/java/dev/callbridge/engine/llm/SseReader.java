package dev.callbridge.engine.llm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Server-Sent Events framing (WHATWG "event stream interpretation"), fed bytes as they arrive
 * from the network, split anywhere: lines end in LF, CR or CRLF (a CRLF split across two reads
 * counts once); {@code :} lines are comments (keep-alives); {@code data:} takes one optional space;
 * several {@code data} lines in one event are joined with LF; a blank line ends the event. A line
 * is decoded as UTF-8 only once complete, so a character split across reads survives. Pure: no I/O.
 */
final class SseReader {
    private final int maxLineBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    /** The last byte was CR: an LF right after it ends nothing more. */
    private boolean afterCr;
    private boolean firstLine = true;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType;

    SseReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads {@code bytes}; each completed event goes to {@code out(eventType or null, data)}. */
    void feed(byte[] bytes, int offset, int length, BiConsumer<String, String> out) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') continue;
            }
            if (b == '\n' || b == '\r') {
                afterCr = b == '\r';
                completeLine(out);
            } else {
                if (lineLength >= maxLineBytes) {
                    throw new ChatProtocolException("an event-stream line is over " + maxLineBytes + " bytes");
                }
                if (lineLength == line.length) line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                line[lineLength++] = b;
            }
        }
    }

    /**
     * The body ended. The spec drops an event that no blank line closed; servers that forget the
     * last blank line are forgiven instead, since the event itself is complete.
     */
    void end(BiConsumer<String, String> out) {
        if (lineLength > 0) completeLine(out);
        dispatch(out);
    }

    private void completeLine(BiConsumer<String, String> out) {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) text = text.substring(1);
        }
        if (text.isEmpty()) {
            dispatch(out);
            return;
        }
        if (text.charAt(0) == ':') return;
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "data" -> {
                if (hasData) data.append('\n');
                if (data.length() + value.length() > maxLineBytes) {
                    throw new ChatProtocolException("an event's data is over " + maxLineBytes + " bytes");
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventType = value;
            default -> { } // id, retry and unknown fields mean nothing to a single completion.
        }
    }

    private void dispatch(BiConsumer<String, String> out) {
        if (hasData) {
            String type = eventType;
            String payload = data.toString();
            data.setLength(0);
            hasData = false;
            eventType = null;
            out.accept(type, payload);
        } else {
            eventType = null;
        }
    }
}
