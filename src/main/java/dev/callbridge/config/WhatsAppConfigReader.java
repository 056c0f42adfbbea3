package dev.callbridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code WHATSAPP_*}: all of the four required ones or none, and the LLM engine that answers the messages. */
final class WhatsAppConfigReader {
    /** The Graph API version the codec follows; Meta keeps a version for about two years. */
    static final String DEFAULT_API_VERSION = "v21.0";
    private static final List<String> REQUIRED = List.of("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID",
            "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN");

    private WhatsAppConfigReader() {}

    static Config.WhatsApp read(EnvReader r, Config.Llm llm) {
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) if (r.raw(name) == null) missing.add(name);
        if (missing.size() == REQUIRED.size()) {
            if (r.raw("WHATSAPP_CALL_SUMMARY_TEMPLATE") != null) {
                throw new ConfigException("WHATSAPP_CALL_SUMMARY_TEMPLATE", "is sent through WhatsApp, which is off: set "
                        + String.join(", ", REQUIRED) + " too");
            }
            return new Config.WhatsApp(null, null, null, null, null, null, null);
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(missing.get(0), "required when any of " + String.join(", ", REQUIRED)
                    + " is set (missing: " + String.join(", ", missing) + ")");
        }
        String phoneNumberId = r.raw("WHATSAPP_PHONE_NUMBER_ID");
        if (!phoneNumberId.matches("[0-9]{1,32}")) {
            throw new ConfigException("WHATSAPP_PHONE_NUMBER_ID", "must be the number's numeric id from WhatsApp Manager (not the phone number), got '"
                    + phoneNumberId + "'");
        }
        String version = r.string("WHATSAPP_API_VERSION", DEFAULT_API_VERSION);
        if (!version.matches("v[0-9]{1,3}\\.[0-9]{1,3}")) {
            throw new ConfigException("WHATSAPP_API_VERSION", "must be a Graph API version like " + DEFAULT_API_VERSION + ", got '" + version + "'");
        }
        if (!llm.enabled()) {
            throw new ConfigException("LLM", "required when WHATSAPP_ACCESS_TOKEN is set: WhatsApp messages are answered by the LLM engine (LLM=openai and LLM_URL)");
        }
        return new Config.WhatsApp(Secret.ofNullable(r.raw("WHATSAPP_ACCESS_TOKEN")), phoneNumberId,
                Secret.ofNullable(r.raw("WHATSAPP_APP_SECRET")), Secret.ofNullable(r.raw("WHATSAPP_VERIFY_TOKEN")),
                r.url("WHATSAPP_API_URL", "https://graph.facebook.com", Set.of("http", "https")), version, callSummary(r));
    }

    /** Meta's rules for a template's name (lower-case letters, digits, underscores) and a language code ({@code en}, {@code pt_BR}). */
    private static Config.CallSummary callSummary(EnvReader r) {
        String template = r.raw("WHATSAPP_CALL_SUMMARY_TEMPLATE");
        String language = r.string("WHATSAPP_CALL_SUMMARY_LANGUAGE", "en");
        if (template == null) {
            if (r.raw("WHATSAPP_CALL_SUMMARY_LANGUAGE") != null) {
                throw new ConfigException("WHATSAPP_CALL_SUMMARY_LANGUAGE", "is the language of WHATSAPP_CALL_SUMMARY_TEMPLATE, which is not set");
            }
            return null;
        }
        if (!template.matches("[a-z0-9_]{1,512}")) {
            throw new ConfigException("WHATSAPP_CALL_SUMMARY_TEMPLATE", "must be an approved template's name (lower-case letters, digits and _), got '"
                    + template + "'");
        }
        if (!language.matches("[a-z]{2,3}(_[A-Za-z]{2,4})?")) {
            throw new ConfigException("WHATSAPP_CALL_SUMMARY_LANGUAGE", "must be the template's language code as approved, like en, en_US or pt_BR, got '"
                    + language + "'");
        }
        return new Config.CallSummary(template, language);
    }
}
