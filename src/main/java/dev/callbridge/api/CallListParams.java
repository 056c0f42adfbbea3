package dev.callbridge.api;

import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore.CallQuery;
import dev.callbridge.call.Provider;
import dev.callbridge.config.Config;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The query string of {@code GET /api/calls}, checked: every bad parameter is a 400 whose message
 * starts with its name. Blank parameters mean "any", as if absent (an empty form field).
 */
final class CallListParams {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_WORDS_LENGTH = 200;
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** Something plainto_tsquery turns into at least one word: a letter or a digit. */
    private static final Pattern HAS_WORD = Pattern.compile("[\\p{L}\\p{N}]");

    private CallListParams() {}

    static CallQuery parse(MultiMap params) {
        Instant since = param(params, "since").map(s -> instant("since", s, false)).orElse(null);
        Instant until = param(params, "until").map(s -> instant("until", s, true)).orElse(null);
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiError.badRequest("until: must be after since (" + since + "), got " + until);
        }
        return new CallQuery(
                param(params, "status").map(CallListParams::status).orElse(null),
                param(params, "provider").map(CallListParams::provider).orElse(null),
                param(params, "agent").map(CallListParams::agent).orElse(null),
                since, until,
                param(params, "number").map(CallListParams::number).orElse(null),
                param(params, "q").map(CallListParams::words).orElse(null),
                param(params, "limit").map(CallListParams::limit).orElse(DEFAULT_LIMIT),
                param(params, "cursor").orElse(null));
    }

    private static Optional<String> param(MultiMap params, String name) {
        return Optional.ofNullable(params.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static CallStatus status(String s) {
        try {
            return CallStatus.fromWire(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status: " + e.getMessage());
        }
    }

    private static Provider provider(String s) {
        try {
            return Provider.fromWire(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("provider: must be twilio or asterisk, got '" + s + "'");
        }
    }

    private static String agent(String s) {
        if (Config.AGENTS.contains(s)) return s;
        throw ApiError.badRequest("agent: must be one of " + String.join(", ", new TreeSet<>(Config.AGENTS)) + ", got '" + s + "'");
    }

    /**
     * An ISO-8601 instant, or a date meaning that day in UTC: its start for {@code since}, the next
     * day's start for {@code until} (which is exclusive), so {@code since=D&until=D} is all of day D.
     */
    private static Instant instant(String name, String s, boolean endOfDay) {
        try {
            if (DATE.matcher(s).matches()) {
                LocalDate day = LocalDate.parse(s);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + ": must be an ISO-8601 instant (2026-11-21T10:00:00Z) or a date (2026-11-21), got '" + s + "'");
        }
    }

    private static String number(String s) {
        if (NUMBER.matcher(s).matches()) return s;
        throw ApiError.badRequest("number: must be digits with an optional leading +, got '" + s + "'");
    }

    private static String words(String s) {
        if (s.length() > MAX_WORDS_LENGTH) {
            throw ApiError.badRequest("q: must be at most " + MAX_WORDS_LENGTH + " characters, got " + s.length());
        }
        if (!HAS_WORD.matcher(s).find()) throw ApiError.badRequest("q: must hold at least one word, got '" + s + "'");
        return s;
    }

    private static int limit(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 500) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw ApiError.badRequest("limit: must be a whole number from 1 to 500, got '" + s + "'");
    }
}
