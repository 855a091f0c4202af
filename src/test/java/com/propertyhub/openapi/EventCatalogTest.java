package com.propertyhub.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event catalog is complete and says nothing that is not so: every event name the server's code sends (read from
 * the source: the name arguments of the emit, transient and frame calls, and the event-name constants) is in
 * {@link EventCatalog}, and every name there is sent somewhere.
 */
class EventCatalogTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** Calls that send an event, whose literal arguments include the event's name. */
    private static final Pattern SENDS = Pattern.compile(
            "\\b(?:emit|emitTo\\w+|emitJson|sendTransient|SseFrames\\.event)\\s*\\(");
    /** A string constant naming an event of a namespace the server keeps for itself, or a control event's EVENT. */
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(?:\\w+\\s*=\\s*\"([a-z]+:[a-z-]+)\"|(?:\\w+_)?EVENT\\s*=\\s*\"([a-z]+)\")");
    private static final Pattern NAME = Pattern.compile("\"([a-z]+(?::[a-z-]+)?)\"");
    private static final Set<String> RESERVED = Set.of("account", "auth", "customer", "maintenance", "notification",
            "payment", "presence", "property", "stream", "user");
    /** Signals between the nodes that are consumed by the server and never reach a stream. */
    private static final Set<String> INTERNAL = Set.of("stream:close");

    @Test
    void everyEventTheCodeSendsIsInTheCatalog() {
        TreeMap<String, String> sent = sentNames();
        assertTrue(sent.size() > 20, "found the names the code sends: " + sent);
        TreeMap<String, String> missing = new TreeMap<>(sent);
        missing.keySet().removeIf(name -> EventCatalog.named(name).isPresent() || INTERNAL.contains(name));
        assertEquals(new TreeMap<>(), missing, "sent (name -> where) but not in EventCatalog");
    }

    @Test
    void everyEventInTheCatalogIsSent() {
        TreeSet<String> listed = Arrays.stream(EventCatalog.values()).map(EventCatalog::eventName)
                .collect(Collectors.toCollection(TreeSet::new));
        listed.removeAll(sentNames().keySet());
        assertEquals(new TreeSet<>(), listed, "in EventCatalog but sent nowhere");
    }

    @Test
    void namesAreUnique() {
        assertEquals(EventCatalog.values().length,
                Arrays.stream(EventCatalog.values()).map(EventCatalog::eventName).distinct().count());
    }

    /** Each name the code sends, with one place that sends it. */
    private static TreeMap<String, String> sentNames() {
        TreeMap<String, String> names = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String where = SOURCES.relativize(file).toString();
                Matcher call = SENDS.matcher(source);
                while (call.find()) {
                    for (String argument : arguments(source, call.end())) {
                        Matcher literal = NAME.matcher(argument.strip());
                        if (literal.matches()) {
                            names.putIfAbsent(literal.group(1), where);
                        }
                    }
                }
                Matcher constant = CONSTANT.matcher(source);
                while (constant.find()) {
                    String name = constant.group(1);
                    if (name == null) {
                        names.putIfAbsent(constant.group(2), where);
                    } else if (RESERVED.contains(name.substring(0, name.indexOf(':')))) {
                        names.putIfAbsent(name, where);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The top-level arguments of the call whose argument list starts at {@code from} (just after its parenthesis). */
    private static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                current.append(c);
                if (c == '\\') {
                    current.append(source.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                if (depth == 0) {
                    arguments.add(current.toString());
                    return arguments;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        return arguments;
    }
}
