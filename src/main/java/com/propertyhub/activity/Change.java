package com.propertyhub.activity;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One changed field of an update, recorded with its event ({@code "changes"}): what it was and what it is now. */
@Schema(name = "FieldChange")
public record Change(String field, String from, String to) {

    /** The fields whose value differs between two snapshots taken with the same keys, in the snapshots' order. */
    public static List<Change> between(Map<String, String> before, Map<String, String> after) {
        List<Change> changes = new ArrayList<>();
        before.forEach((field, from) -> {
            String to = after.get(field);
            if (!Objects.equals(from, to)) {
                changes.add(new Change(field, from, to));
            }
        });
        return changes;
    }
}
