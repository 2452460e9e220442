package dev.poolguard.agent.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field names docs/contract.md gives each report event: in its "Report events" section, every
 * bullet {@code - `event`: ...} and the lines under it up to a list of kinds, the code spans that are plain lowerCamelCase
 * names (or {@code {a, b}} lists of them), less the names of options and events the prose mentions
 * and the methods it names as alternatives ({@code `take`/`poll`}).
 */
final class ContractFields {
    private static final Pattern BULLET = Pattern.compile("^- `([a-z-]+)`");
    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z]*");
    /** Said in the events' prose, but not fields: an option's name, an event's. */
    private static final Set<String> PROSE = Set.of("stall", "deadlock");

    private ContractFields() {
    }

    static Map<String, List<String>> read(Path contract) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        boolean inSection = false;
        List<String> current = null;
        for (String line : Files.readAllLines(contract)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Report events");
                current = null;
                continue;
            }
            if (!inSection) {
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            if (bullet.find()) {
                current = fields.computeIfAbsent(bullet.group(1), k -> new ArrayList<>());
                line = line.substring(bullet.end());
            } else if (!line.startsWith(" ") || line.trim().startsWith("Kinds:") || line.startsWith("  - ")) {
                current = null; // a paragraph after the bullets, or the kinds' list after the fields
            }
            if (current == null) {
                continue;
            }
            Matcher span = SPAN.matcher(line);
            while (span.find()) {
                if (besideSlash(line, span)) {
                    continue; // `take`/`poll`, `invokeAny`/`invokeAll`: methods named in the prose
                }
                String text = span.group(1);
                String[] parts = text.startsWith("{") ? text.replaceAll("[{}]", "").split(",\\s*") : new String[] {text};
                for (String part : parts) {
                    if (NAME.matcher(part).matches() && !PROSE.contains(part) && !current.contains(part)) {
                        current.add(part);
                    }
                }
            }
        }
        return fields;
    }

    private static boolean besideSlash(String line, Matcher span) {
        return span.start() > 0 && line.charAt(span.start() - 1) == '/'
                || span.end() < line.length() && line.charAt(span.end()) == '/';
    }
}
