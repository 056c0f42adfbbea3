package dev.callbridge.call;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The called numbers that make an inbound call an interpreted one ({@code INTERPRETER_NUMBERS}):
 * whoever calls one is party A, and the gateway dials the line's party B. Shared by both front
 * doors. A number matches with or without its leading {@code +}, since Asterisk's extension for
 * {@code +15550001111} is often {@code 15550001111}.
 */
public final class InterpreterNumbers {
    public static final InterpreterNumbers NONE = new InterpreterNumbers(List.of());
    /** The agent an interpreted call runs. */
    public static final String AGENT = "interpreter";

    /**
     * One line of the file.
     *
     * @param number   the called number
     * @param dial     party B: a number, or for Asterisk a dial string
     * @param provider B's provider, or null for the inbound call's own
     * @param from     B's caller id, or null for the called number
     */
    public record Line(String number, String dial, Provider provider, String from, Interpretation.Languages languages) {
        public Line {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(dial, "dial");
            Objects.requireNonNull(languages, "languages");
        }
    }

    private final Map<String, Line> byNumber = new HashMap<>();
    private final List<Line> lines;

    /** @throws IllegalArgumentException when two lines share a number (the configuration reader names them first) */
    public InterpreterNumbers(List<Line> lines) {
        this.lines = List.copyOf(lines);
        for (Line line : this.lines) {
            if (byNumber.putIfAbsent(key(line.number()), line) != null) {
                throw new IllegalArgumentException("number " + line.number() + " is listed twice");
            }
        }
    }

    public List<Line> lines() {
        return lines;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * What a new inbound call to {@code called} is: an interpreted call (agent {@link #AGENT}, language
     * A's) when the number is listed, else a plain one with {@code agent} and {@code language}.
     */
    public CallRegistry.NewCall inbound(Provider provider, String providerCallId, String from, String called, String agent,
                                        String language, Map<String, String> metadata) {
        Optional<Interpretation> interpretation = forCalledNumber(called, provider);
        return interpretation.map(i -> new CallRegistry.NewCall(provider, providerCallId, Direction.INBOUND, from, called,
                        CallStatus.RINGING, AGENT, i.languages().a(), metadata, null, i))
                .orElseGet(() -> new CallRegistry.NewCall(provider, providerCallId, Direction.INBOUND, from, called,
                        CallStatus.RINGING, agent, language, metadata));
    }

    /** The interpretation a call to {@code called}, arriving on {@code inbound}, asks for; empty for any other number. */
    public Optional<Interpretation> forCalledNumber(String called, Provider inbound) {
        if (called == null) return Optional.empty();
        Line line = byNumber.get(key(called.strip()));
        if (line == null) return Optional.empty();
        Provider b = line.provider() != null ? line.provider() : inbound;
        return Optional.of(new Interpretation(line.languages(),
                new Interpretation.Party(b, line.dial(), line.from() != null ? line.from() : called.strip(), null, null)));
    }

    /** The lookup key: numbers compare without a leading {@code +}. */
    public static String key(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }
}
