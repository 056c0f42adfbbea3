package dev.callbridge.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every document is read back with the JDK's XML parser: what Twilio parses is what we meant. */
class TwiMLTest {

    @Test
    void connectStreamCarriesTheUrlAndTheParametersInOrder() throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("callId", "c_123");
        parameters.put("tenant", "acme");
        String xml = TwiML.connectStream("wss://bot.example.com/ws/twilio-media", parameters);

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream ");
        Element response = parse(xml).getDocumentElement();
        assertThat(response.getTagName()).isEqualTo("Response");
        Element stream = only(only(response, "Connect"), "Stream");
        assertThat(stream.getAttribute("url")).isEqualTo("wss://bot.example.com/ws/twilio-media");
        NodeList params = stream.getElementsByTagName("Parameter");
        assertThat(params.getLength()).isEqualTo(2);
        assertThat(((Element) params.item(0)).getAttribute("name")).isEqualTo("callId");
        assertThat(((Element) params.item(0)).getAttribute("value")).isEqualTo("c_123");
        assertThat(((Element) params.item(1)).getAttribute("name")).isEqualTo("tenant");
        assertThat(((Element) params.item(1)).getAttribute("value")).isEqualTo("acme");
    }

    @Test
    void escapesParameterValuesSoTheyArriveUnchanged() throws Exception {
        String tricky = "a\"b'c<d>e&f\tg\nh\ri 😀 &amp; ]]>";
        String xml = TwiML.connectStream("wss://h.io/media", Map.of("k&\"<", tricky));
        Element parameter = only(only(only(parse(xml).getDocumentElement(), "Connect"), "Stream"), "Parameter");
        assertThat(parameter.getAttribute("name")).isEqualTo("k&\"<");
        assertThat(parameter.getAttribute("value")).isEqualTo(tricky);
    }

    @Test
    void connectStreamWithoutParametersIsStillAStream() throws Exception {
        Element stream = only(only(parse(TwiML.connectStream("wss://h.io:8443/a/b", Map.of())).getDocumentElement(),
                "Connect"), "Stream");
        assertThat(stream.getAttribute("url")).isEqualTo("wss://h.io:8443/a/b");
        assertThat(stream.getChildNodes().getLength()).isZero();
    }

    @Test
    void acceptsAPlainWsUrlForLocalDevelopment() throws Exception {
        String url = "ws://localhost:8080/ws/twilio-media";
        Element stream = only(only(parse(TwiML.connectStream(url, Map.of())).getDocumentElement(), "Connect"),
                "Stream");
        assertThat(stream.getAttribute("url")).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://h.io/media", "http://localhost:8080/ws/twilio-media", "/media", "wss:///media", "wss://h.io/media?x=1",
        "wss://h.io/media?", "wss://h.io/media#f", "wss://h .io/media", "ws:///media"})
    void rejectsStreamUrlsTwilioCannotUse(String url) {
        assertThatThrownBy(() -> TwiML.connectStream(url, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream url");
    }

    @Test
    void enforcesTheParameterLengthLimit() {
        String name = "callToken";
        String fits = "x".repeat(TwiML.MAX_PARAMETER_LENGTH - name.length() - 1);
        assertThat(TwiML.connectStream("wss://h.io/m", Map.of(name, fits))).contains(fits);
        assertThatThrownBy(() -> TwiML.connectStream("wss://h.io/m", Map.of(name, fits + "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'callToken'").hasMessageContaining("under 500");
    }

    @Test
    void rejectsParametersXmlCannotCarry() {
        assertThatThrownBy(() -> TwiML.connectStream("wss://h.io/m", Map.of("", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name is empty");
        assertThatThrownBy(() -> TwiML.connectStream("wss://h.io/m", Map.of("k", "bell\u0007")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> TwiML.connectStream("wss://h.io/m", Map.of("k", "lone\ud800")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D800");
    }

    @Test
    void busySaysTheMessageThenHangsUp() throws Exception {
        Element response = parse(TwiML.busy("All lines are busy. Try again <later> & thanks.")).getDocumentElement();
        assertThat(response.getChildNodes().getLength()).isEqualTo(2);
        assertThat(((Element) response.getChildNodes().item(0)).getTagName()).isEqualTo("Say");
        assertThat(response.getChildNodes().item(0).getTextContent())
                .isEqualTo("All lines are busy. Try again <later> & thanks.");
        assertThat(((Element) response.getChildNodes().item(1)).getTagName()).isEqualTo("Hangup");
    }

    @Test
    void busyWithoutAMessageOnlyHangsUp() throws Exception {
        Element response = parse(TwiML.busy(" ")).getDocumentElement();
        assertThat(response.getChildNodes().getLength()).isEqualTo(1);
        assertThat(((Element) response.getFirstChild()).getTagName()).isEqualTo("Hangup");
    }

    @Test
    void rejectOnlyRejects() throws Exception {
        Element response = parse(TwiML.reject()).getDocumentElement();
        assertThat(response.getChildNodes().getLength()).isEqualTo(1);
        assertThat(((Element) response.getFirstChild()).getTagName()).isEqualTo("Reject");
    }

    @Test
    void dialTransfersToAnE164Number() throws Exception {
        Element number = only(only(parse(TwiML.dial("+4930123456")).getDocumentElement(), "Dial"), "Number");
        assertThat(number.getTextContent()).isEqualTo("+4930123456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4930123456", "+0301", "+1", "+1234567890123456", "+49 30 123", "+49<Hangup/>", ""})
    void dialRejectsAnythingButE164(String number) {
        assertThatThrownBy(() -> TwiML.dial(number)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("E.164");
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(UTF_8)));
    }

    private static Element only(Element parent, String tag) {
        assertThat(parent.getChildNodes().getLength()).as("children of <%s>", parent.getTagName()).isEqualTo(1);
        Element child = (Element) parent.getFirstChild();
        assertThat(child.getTagName()).isEqualTo(tag);
        return child;
    }
}
