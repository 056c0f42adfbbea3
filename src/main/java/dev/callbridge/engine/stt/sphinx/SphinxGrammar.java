package dev.callbridge.engine.stt.sphinx;

import edu.cmu.sphinx.jsgf.JSGFGrammar;
import edu.cmu.sphinx.jsgf.JSGFGrammarParseException;
import edu.cmu.sphinx.jsgf.JSGFRuleGrammar;
import edu.cmu.sphinx.jsgf.JSGFRuleGrammarFactory;
import edu.cmu.sphinx.jsgf.JSGFRuleGrammarManager;
import edu.cmu.sphinx.jsgf.parser.JSGFParser;
import edu.cmu.sphinx.jsgf.parser.TokenMgrError;
import edu.cmu.sphinx.jsgf.rule.JSGFRule;
import edu.cmu.sphinx.jsgf.rule.JSGFRuleAlternatives;
import edu.cmu.sphinx.jsgf.rule.JSGFRuleCount;
import edu.cmu.sphinx.jsgf.rule.JSGFRuleSequence;
import edu.cmu.sphinx.jsgf.rule.JSGFRuleTag;
import edu.cmu.sphinx.jsgf.rule.JSGFRuleToken;
import edu.cmu.sphinx.linguist.acoustic.UnitManager;
import edu.cmu.sphinx.linguist.dictionary.TextDictionary;
import edu.cmu.sphinx.util.props.ConfigurationManagerUtils;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSGF grammar a Sphinx recognizer listens for ({@code STT_GRAMMAR}): one of the built-in
 * {@link #BUILT_IN} grammars shipped in the jar, or a user's {@code .gram} file. A grammar is what
 * makes Sphinx usable on a phone: it hears only the phrases the grammar allows, so a menu answer is
 * recognised quickly and well where free speech would not be.
 *
 * <p>{@link #of} loads it as a recognizer would, without the acoustic model, so a grammar that
 * cannot work stops start-up with one line instead of failing, or silently never matching, in a call.
 *
 * @param description what {@code STT_GRAMMAR} said, for messages: a built-in name or the file's absolute path
 * @param location    the URL of the folder holding the grammar, ending in {@code /} ({@code file:} or {@code jar:})
 * @param name        the grammar's file name without {@code .gram}; imports resolve against {@code location}
 */
public record SphinxGrammar(String description, String location, String name) {
    /** Digit strings; yes and no; and the default {@code menu}: either of those or a few commands. */
    public static final Set<String> BUILT_IN = Set.of("digits", "yesno", "menu");
    public static final String DEFAULT = "menu";

    /**
     * Sphinx's JSGF parser is a single static instance ({@code JSGFParser.parser}, re-initialised for
     * each file), so two grammars parsed at once on two threads would corrupt each other. Every parse
     * in this process, the check in {@link #of} and the load inside a recognizer's allocation, holds this.
     */
    static final Object PARSER_LOCK = new Object();

    /** Sphinx turns each dot of a grammar's name into a folder, so the file name may have only the one before {@code gram}. */
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9_-]+)\\.gram");

    /** Why a grammar cannot be used; the message is one line naming the grammar. */
    public static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The grammar {@code setting} names: a built-in name, or the path of a readable {@code name.gram}
     * file. Checked by loading it, its imports and the model's dictionary (a few hundred milliseconds):
     * it must parse, have a public rule, and use only words the dictionary can pronounce.
     *
     * @throws Unusable saying what is wrong with it, in one line
     */
    public static SphinxGrammar of(String setting) {
        SphinxGrammar grammar;
        if (BUILT_IN.contains(setting)) {
            URL file = SphinxGrammar.class.getResource("grammars/" + setting + ".gram");
            if (file == null) throw new Unusable("the built-in grammar " + setting + " is missing from the classpath");
            String url = file.toString();
            grammar = new SphinxGrammar(setting, url.substring(0, url.lastIndexOf('/') + 1), setting);
        } else {
            if (!setting.endsWith(".gram")) {
                throw new Unusable("not a built-in grammar (" + String.join(", ", new TreeSet<>(BUILT_IN))
                        + ") nor a .gram file: '" + setting + "'");
            }
            Path file;
            try {
                file = Path.of(setting).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new Unusable("not a usable path: '" + setting + "'");
            }
            var nameMatch = FILE_NAME.matcher(file.getFileName().toString());
            if (!nameMatch.matches()) {
                throw new Unusable(file + ": the file name must be letters, digits, - or _ before .gram (Sphinx reads a dot as a folder)");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) throw new Unusable("cannot read " + file);
            grammar = new SphinxGrammar(file.toString(), file.getParent().toUri().toString(), nameMatch.group(1));
        }
        grammar.check();
        return grammar;
    }

    /** The folder the grammar (and what it imports) is read from. */
    URL base() {
        try {
            return URI.create(location).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Unusable(description + ": not a usable location " + location);
        }
    }

    /**
     * Loads the grammar as a recognizer will, with Sphinx's own JSGF loader and the model's dictionary,
     * but without the acoustic model: every syntax error, missing import and word the dictionary cannot
     * pronounce is found here, at start-up, rather than never heard in a call.
     */
    private void check() {
        SphinxLog.install();
        URL base = base();
        TextDictionary dictionary;
        JSGFGrammar grammar = null;
        try {
            parseOwnText(base);
            dictionary = new TextDictionary(ConfigurationManagerUtils.resourceToURL(SphinxRecognizer.DICTIONARY),
                    ConfigurationManagerUtils.resourceToURL(SphinxRecognizer.ACOUSTIC_MODEL + "/noisedict"), List.of(), null, new UnitManager());
            grammar = new JSGFGrammar(base, name, false, false, false, false, dictionary);
            synchronized (PARSER_LOCK) {
                grammar.allocate(); // reads the dictionary, then the grammar and its imports
            }
            JSGFRuleGrammar top = grammar.getRuleGrammar();
            if (top == null || top.getRuleNames().stream().noneMatch(top::isRulePublic)) {
                throw new Unusable(description + " has no public rule, so nothing could ever be recognised");
            }
            Contents contents = Contents.of(grammar.getGrammarManager().grammars());
            if (contents.weighted()) {
                // The recognizer's configured grammar has no LogMath for them: its allocation fails with a NullPointerException.
                throw new Unusable(description + " gives alternatives weights (/n/), which this Sphinx version cannot load; remove them");
            }
            List<String> unknown = contents.words().stream().filter(w -> dictionary.getWord(w) == null).toList();
            if (!unknown.isEmpty()) {
                throw new Unusable(description + " uses words the en-US dictionary has no pronunciation for, so they could never"
                        + " be heard: " + String.join(", ", unknown) + " (the dictionary is lower case)");
            }
        } catch (IOException | RuntimeException | TokenMgrError e) {
            if (e instanceof Unusable u) throw u;
            throw new Unusable(description + " " + problem(e));
        } finally {
            if (grammar != null) grammar.deallocate();
        }
    }

    /**
     * Parses the grammar's own file once on its own, for exact error positions: Sphinx's loader reads
     * the {@code #JSGF} header line aside before parsing, so its line numbers are one short.
     */
    private void parseOwnText(URL base) throws IOException {
        try (Reader text = new InputStreamReader(new URL(base, name + ".gram").openStream(), StandardCharsets.UTF_8)) {
            synchronized (PARSER_LOCK) {
                JSGFParser.newGrammarFromJSGF(text, new JSGFRuleGrammarFactory(new JSGFRuleGrammarManager()));
            }
        } catch (JSGFGrammarParseException e) {
            throw new Unusable(description + " is not valid JSGF: the parser stopped at " + where(e));
        }
    }

    /** What went wrong loading a grammar or one it imports, in one line. */
    private static String problem(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSGFGrammarParseException p) return "imports a grammar that is not valid JSGF (the parser stopped near " + where(p) + ")";
            if (t instanceof TokenMgrError) return "is not valid JSGF: " + oneLine(t.getMessage());
            root = t;
        }
        if (root instanceof FileNotFoundException) return "imports a grammar that cannot be read: " + root.getMessage();
        return "cannot be loaded: " + oneLine(root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName());
    }

    /** Where the parser stopped: the place its message names (the offending token), else the last good token. */
    private static String where(JSGFGrammarParseException e) {
        Matcher m = POSITION.matcher(e.details == null ? "" : e.details);
        return m.find() ? "line " + m.group(1) + ", column " + m.group(2) : "line " + e.lineNumber + ", column " + e.charNumber;
    }

    private static final Pattern POSITION = Pattern.compile("at line (\\d+), column (\\d+)");

    /** What the rules of some grammars hold: every word they can produce, as written, and whether any alternatives carry weights. */
    record Contents(Set<String> words, boolean weighted) {
        static Contents of(Collection<JSGFRuleGrammar> grammars) {
            Contents c = new Contents(new TreeSet<>(), false);
            for (JSGFRuleGrammar g : grammars) {
                for (String rule : g.getRuleNames()) c = c.with(g.getRule(rule));
            }
            return c;
        }

        private Contents with(JSGFRule rule) {
            return switch (rule) {
                case JSGFRuleToken t -> {
                    words.add(t.getText());
                    yield this;
                }
                case JSGFRuleSequence s -> all(s.getRules());
                case JSGFRuleAlternatives a -> (a.getWeights() == null ? this : new Contents(words, true)).all(a.getRules());
                case JSGFRuleCount c -> with(c.getRule());
                case JSGFRuleTag t -> with(t.getRule());
                case null, default -> this; // a rule reference (<digit>, <NULL>): its words are collected where it is defined
            };
        }

        private Contents all(List<JSGFRule> rules) {
            Contents c = this;
            for (JSGFRule r : rules) c = c.with(r);
            return c;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
