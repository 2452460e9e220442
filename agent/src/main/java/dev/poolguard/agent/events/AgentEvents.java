package dev.poolguard.agent.events;

import static dev.poolguard.agent.events.Field.Type.INT;
import static dev.poolguard.agent.events.Field.Type.MICROS;
import static dev.poolguard.agent.events.Field.Type.OBJECT;
import static dev.poolguard.agent.events.Field.Type.TEXT;
import static dev.poolguard.agent.events.Field.Type.TEXTS;

import java.util.List;
import java.util.Map;

/** The events about poolguard itself (docs/contract.md, "Report events"); they have no JFR event. */
public final class AgentEvents {
    private AgentEvents() {
    }

    /** What {@code agent-start} reports: what runs, with which options, what was instrumented, what is off. */
    public record Start(String version, String jdk, Map<String, Object> options, List<String> instrumented,
                        List<String> problems) {
    }

    /** What {@code feature-disabled} reports: a feature of poolguard that failed and is now off. */
    public record FeatureDisabled(String feature, String error) {
    }

    /** What {@code attach} reports about its one look into a JVM started without the agent. */
    public record Attach(String jdk, int threads, long pauseMicros, long longestPauseMicros) {
    }

    public static final EventSchema<Start> START = EventSchema.event("agent-start", Start.class)
            .field("version", TEXT, "poolguard's version")
            .field("jdk", TEXT, "The JDK's runtime version")
            .field("options", OBJECT, "The effective options")
            .field("instrumented", TEXTS, "The JDK classes rewritten")
            .field("problems", TEXTS, "What could not be installed or failed the self-test")
            .build();

    public static final EventSchema<FeatureDisabled> FEATURE_DISABLED = EventSchema
            .event("feature-disabled", FeatureDisabled.class)
            .field("feature", TEXT, "The feature that is off")
            .field("error", TEXT, "What failed")
            .build();

    public static final EventSchema<Attach> ATTACH = EventSchema.event("attach", Attach.class)
            .field("jdk", TEXT, "The target's JDK")
            .field("threads", INT, "The target's threads")
            .field("pauseMicros", MICROS, "How long looking held the target up, in all")
            .field("longestPauseMicros", MICROS, "How long at most at once")
            .build();
}
