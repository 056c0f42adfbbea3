package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.Agent;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Provider;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real gateway with Twilio's side faked ({@link FakeTwilioApi}) and a {@link PartyRelayAgent}
 * registered under {@link PartyRelayAgent#NAME}: for interpreted calls end to end. Party A can
 * come in through {@link #interpretedCall} and {@link #streamA} (the call made through the
 * registry, A's stream opened as Twilio would), or be dialled with {@code POST /api/calls}, with
 * {@link FakeTwilioApi#callee} saying what A's phone does. B is dialled by the agent; what B's
 * phone does is up to {@link FakeTwilioApi#callee} for {@link #B}.
 */
public final class InterpretedCallRig implements AutoCloseable {
    public static final String TOKEN = "00112233445566778899aabbccddeeff";
    public static final String PUBLIC_URL = "https://bot.example.com";
    public static final String OUR_NUMBER = "+15559870000";
    public static final String A = "+15551230000";
    public static final String B = "+34911222333";
    /** Party A's CallSid when A comes in through {@link #streamA}: unlike any sid {@link FakeTwilioApi} makes. */
    public static final String A_SID = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    public final Vertx vertx = Vertx.vertx();
    public final FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);
    public final PartyRelayAgent.Factory relay = new PartyRelayAgent.Factory();
    public final GatewayFixture gw;

    /** @param env more gateway settings, as name, value pairs (they win over the rig's) */
    public InterpretedCallRig(Path dataDir, String... env) {
        this(dataDir, Map.of(), env);
    }

    /** The same with more agents by name beside the relay (e.g. the interpreter under test with its fakes). */
    public InterpretedCallRig(Path dataDir, Map<String, Supplier<Agent>> agents, String... env) {
        List<String> kv = new ArrayList<>(List.of("TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TOKEN,
                "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", OUR_NUMBER, "PUBLIC_URL", PUBLIC_URL));
        kv.addAll(List.of(env));
        Map<String, Supplier<Agent>> all = new HashMap<>(agents);
        all.putIfAbsent(PartyRelayAgent.NAME, relay);
        gw = new GatewayFixture(dataDir, all, kv.toArray(String[]::new));
        twilio.gatewayPort(gw.port());
    }

    /**
     * An inbound interpreted call from {@link #A}, ringing, made straight through the gateway's
     * registry (as a front door makes one) with {@code agent}, B on {@code bProvider} at {@code bTo}.
     */
    public Call interpretedCall(String agent, Provider bProvider, String bTo, String languageA, String languageB) {
        Interpretation interpreter = new Interpretation(new Interpretation.Languages(languageA, languageB),
                new Interpretation.Party(bProvider, bTo, OUR_NUMBER, null, CallStatus.QUEUED));
        return gw.gateway.registry().create(new CallRegistry.NewCall(Provider.TWILIO, A_SID, Direction.INBOUND, A, OUR_NUMBER,
                CallStatus.RINGING, agent, languageA, Map.of(), null, interpreter), gw.vertx.getOrCreateContext()).orElseThrow();
    }

    /** The usual: relay agent, B on Twilio at {@link #B}, English to Spanish. */
    public Call interpretedCall() {
        return interpretedCall(PartyRelayAgent.NAME, Provider.TWILIO, B, "en", "es");
    }

    /** A's media stream for {@code call}, signed and started as Twilio would after our TwiML: the agent starts. */
    public RawTwilioStream streamA(Call call) {
        RawTwilioStream a = new RawTwilioStream(gw.vertx, gw.port(), streamSignature());
        a.connected();
        a.send(RawTwilioStream.startMessage(RawTwilioStream.STREAM_SID, A_SID,
                Map.of("callId", call.id(), "callToken", call.streamToken())));
        return a;
    }

    /** {@code X-Twilio-Signature} of a media stream upgrade to this gateway. */
    public static String streamSignature() {
        return Signing.sign(TOKEN, "wss://bot.example.com/ws/twilio-media", Map.of());
    }

    /** The call as {@code GET /api/calls/{id}} has it. */
    public JsonNode record(String callId) {
        return gw.get("/api/calls/" + callId).json();
    }

    @Override
    public void close() {
        gw.close();
        twilio.close();
        vertx.close().await();
    }
}
