package dev.callbridge.sim;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** What a voice webhook's TwiML tells Twilio to do, as far as the simulator acts on it. */
public sealed interface TwimlAnswer {

    /** {@code <Connect><Stream url>} with its {@code <Parameter>}s: open a bidirectional stream. */
    record ConnectStream(String url, Map<String, String> parameters) implements TwimlAnswer {
        public ConnectStream {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters)); // keeps TwiML order
        }

        public URI uri() {
            return URI.create(url);
        }
    }

    /** No stream, the call ends ({@code <Hangup/>} or {@code <Reject/>}); {@code spokenText} is any {@code <Say>}. */
    record Rejected(String spokenText) implements TwimlAnswer {}

    /**
     * Parses a TwiML document with the JDK parser (DOCTYPEs refused: TwiML never has one, and
     * refusing it rules out entity tricks).
     *
     * @throws IllegalArgumentException if it is not TwiML or asks for neither a stream nor a hang-up
     */
    static TwimlAnswer parse(String xml) {
        Element root = parseDocument(xml).getDocumentElement();
        if (!"Response".equals(root.getTagName())) {
            throw new IllegalArgumentException("TwiML root must be <Response>, got <" + root.getTagName() + ">");
        }
        Element stream = firstChild(firstChild(root, "Connect"), "Stream");
        if (stream != null) return connectStream(stream);
        if (firstChild(root, "Hangup") != null || firstChild(root, "Reject") != null) {
            StringBuilder said = new StringBuilder();
            NodeList says = root.getElementsByTagName("Say");
            for (int i = 0; i < says.getLength(); i++) {
                if (!said.isEmpty()) said.append(' ');
                said.append(says.item(i).getTextContent().strip());
            }
            return new Rejected(said.toString());
        }
        throw new IllegalArgumentException("TwiML has neither <Connect><Stream> nor <Hangup>/<Reject>: " + abbreviate(xml));
    }

    private static ConnectStream connectStream(Element stream) {
        String url = stream.getAttribute("url").strip();
        try {
            URI uri = new URI(url);
            if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("<Stream url> must be an absolute wss:// URL, got \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("<Stream url> is not a URL: \"" + url + "\"", e);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Node n = stream.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element p && "Parameter".equals(p.getTagName())) {
                parameters.put(p.getAttribute("name"), p.getAttribute("value"));
            }
        }
        return new ConnectStream(url, parameters);
    }

    private static Document parseDocument(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler() { // the default handler also prints to stderr
                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed TwiML (" + e.getMessage() + "): " + abbreviate(xml), e);
        }
    }

    private static Element firstChild(Element parent, String tag) {
        if (parent == null) return null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) return e;
        }
        return null;
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
