package dev.callbridge.engine.openai;

import io.vertx.core.json.JsonObject;

/**
 * One error the fake reports: as the payload of an {@code error} server event (doc §4:
 * {@code error {type, code, message, param, event_id}}) or as the body of a refused handshake.
 *
 * <p>The handshake bodies use OpenAI's REST error envelope {@code {"error":{message,type,param,code}}};
 * protocols/openai-realtime.md does not show them, so their texts are ASSUMED from the public REST API.
 */
record RealtimeError(String type, String code, String message, String param) {

    static RealtimeError invalidRequest(String code, String message, String param) {
        return new RealtimeError("invalid_request_error", code, message, param);
    }

    /** The {@code error} server event; {@code clientEventId} is the client's event_id that caused it, or null (doc §1). */
    JsonObject event(String clientEventId) {
        return new JsonObject().put("type", "error").put("error", new JsonObject()
                .put("type", type).put("code", code).put("message", message).put("param", param).put("event_id", clientEventId));
    }

    /** The HTTP body of a refused handshake. ASSUMED: OpenAI REST error envelope. */
    String httpBody() {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message).put("type", type).put("param", param).put("code", code)).encode();
    }

    // --- The handshake refusals (ASSUMED texts, see class comment) ---

    static RealtimeError missingApiKey() {
        return new RealtimeError("invalid_request_error", null, "You didn't provide an API key. You need to provide your API key in an "
                + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null);
    }

    static RealtimeError incorrectApiKey(String key) {
        String shown = key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(Math.min(key.length() - 7, 20)) + key.substring(key.length() - 4);
        return new RealtimeError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + shown
                + ". You can find your API key at https://platform.openai.com/account/api-keys.", null);
    }

    static RealtimeError rateLimited() {
        return new RealtimeError("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later.", null);
    }

    static RealtimeError missingModel() {
        return invalidRequest("missing_required_parameter", "Missing required parameter: 'model'.", "model");
    }

    // --- In-session errors ---

    /** Doc §1 and §7 (OBSERVED): the beta header or a beta-shaped session; the server then closes with 4000. */
    static RealtimeError betaShapeDisabled() {
        return invalidRequest("beta_api_shape_disabled",
                "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.", null);
    }

    /** Doc §3 and §7. */
    static RealtimeError commitEmpty(double bufferedMs) {
        return invalidRequest("input_audio_buffer_commit_empty", String.format(java.util.Locale.ROOT,
                "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has %.2fms of audio.",
                bufferedMs), null);
    }

    /** Doc §3: code believed to be response_cancel_not_active (ASSUMED there). */
    static RealtimeError cancelNotActive() {
        return invalidRequest("response_cancel_not_active", "Cancellation failed: no active response found.", null);
    }

    /** ASSUMED (not in the doc): a second response.create while one is in flight is refused by the real API. */
    static RealtimeError activeResponse(String responseId) {
        return invalidRequest("conversation_already_has_active_response",
                "Conversation already has an active response in progress: " + responseId + ". Wait until the response is finished before creating a new one.", null);
    }

    /** ASSUMED (not in the doc): the error the real API sends when a session reaches its maximum duration. */
    static RealtimeError sessionExpired(long capMs) {
        return invalidRequest("session_expired", "Your session hit the maximum duration of " + capMs / 60_000 + " minutes.", null);
    }
}
