package dev.callbridge.call;

import java.util.Objects;

/**
 * What makes a call an interpreted one: the two parties' languages (ISO 639-1) and the second
 * party, B, whom the gateway dials once A answers. Party A is the call's own record ({@code to} or
 * {@code from}, {@code provider}, {@code providerCallId}); {@code languages.a} is always the
 * record's {@code language}. On the record as {@code interpreter}; null for every other call.
 */
public record Interpretation(Languages languages, Party b) {

    /** Which side of an interpreted call. */
    public enum Side {
        A, B;

        public String wireName() {
            return this == A ? "a" : "b";
        }

        public Side other() {
            return this == A ? B : A;
        }

        public static Side fromWire(String s) {
            return switch (s) {
                case "a" -> A;
                case "b" -> B;
                default -> throw new IllegalArgumentException("party must be a or b, got '" + s + "'");
            };
        }
    }

    public record Languages(String a, String b) {
        public Languages {
            Objects.requireNonNull(a, "languages.a");
            Objects.requireNonNull(b, "languages.b");
        }

        public String of(Side side) {
            return side == Side.A ? a : b;
        }

        public Languages with(Side side, String language) {
            return side == Side.A ? new Languages(language, b) : new Languages(a, language);
        }
    }

    /**
     * Party B as dialled: {@code status} follows B's own progress ({@code queued} until dialled, then
     * {@code ringing}, {@code in-progress}, or why B never answered: {@code busy}, {@code no-answer}, {@code failed}).
     */
    public record Party(Provider provider, String to, String from, String providerCallId, CallStatus status) {
        public Party {
            Objects.requireNonNull(provider, "b.provider");
            Objects.requireNonNull(to, "b.to");
        }

        public Party withProgress(CallStatus next, String id) {
            return new Party(provider, to, from, id == null ? providerCallId : id, next);
        }
    }

    public Interpretation {
        Objects.requireNonNull(languages, "languages");
        Objects.requireNonNull(b, "b");
    }

    public String language(Side side) {
        return languages.of(side);
    }

    public Interpretation withLanguage(Side side, String language) {
        return new Interpretation(languages.with(side, language), b);
    }

    public Interpretation withB(Party next) {
        return new Interpretation(languages, next);
    }
}
