package dev.poolguard.agent.events;

import java.util.List;

/** Every report event poolguard writes, in the contract's order. */
public final class ReportEvents {
    private ReportEvents() {
    }

    public static final List<EventSchema<?>> ALL = List.of(AgentEvents.START, WaitEvents.DEADLOCK, WaitEvents.RISK,
            WaitEvents.STALL, ShutdownEvents.START, ShutdownEvents.SPAWN_BLOCKED, ShutdownEvents.END,
            AgentEvents.FEATURE_DISABLED, AgentEvents.ATTACH);

    /** The schema of the event named {@code event}, or null for a kind this version does not know. */
    public static EventSchema<?> named(String event) {
        for (EventSchema<?> schema : ALL) {
            if (schema.event().equals(event)) {
                return schema;
            }
        }
        return null;
    }
}
