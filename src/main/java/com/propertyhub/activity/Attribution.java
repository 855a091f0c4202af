package com.propertyhub.activity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data of an event that says who made the change and what changed, for the activity feed. */
public final class Attribution {
    private Attribution() {
    }

    /**
     * {@code {key: value, "actor"?: actor, "changes"?: [...]}}: the actor when known, the changes when there are any.
     * A mutable map, so an event can add a member (a deleted item's name, say).
     */
    public static Map<String, Object> payload(String key, Object value, Actor actor, List<Change> changes) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(key, value);
        if (actor != null) {
            payload.put("actor", actor);
        }
        if (!changes.isEmpty()) {
            payload.put("changes", changes);
        }
        return payload;
    }
}
