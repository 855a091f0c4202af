package com.propertyhub.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One open event stream per labelled member (a role of some customer, say {@code OWNER_A}), and the assertions of
 * who received what. {@link #settle()} emits a marker to everyone and waits for it on every stream (see
 * {@link Markers}); the assertions look at each stream's <em>window</em>: the events between the previous marker
 * and the last one, i.e. what the test caused since its last settle. Transient signals carry no id and so sit in
 * no window; {@link #assertTransientReceivedBy} counts them over the whole stream instead.
 */
public final class RoleStreams implements AutoCloseable {
    /** A member: their label, API client, user JSON and open stream. */
    public record Member(String label, ApiClient api, JsonNode user, SseClient stream) {
        public String id() {
            return user.get("id").asText();
        }
    }

    private final ApiClient superAdmin;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private long previousMarker;
    private long lastMarker;

    public RoleStreams(ApiClient superAdmin) {
        this.superAdmin = superAdmin;
    }

    /** Opens {@code api}'s stream (up to its {@code ready}) and adds it under {@code label}. */
    public Member join(String label, ApiClient api, JsonNode user) {
        Member m = new Member(label, api, user, Markers.openReady(api));
        members.put(label, m);
        return m;
    }

    public Member member(String label) {
        Member m = members.get(label);
        if (m == null) {
            throw new IllegalArgumentException("no member " + label + " among " + members.keySet());
        }
        return m;
    }

    public Collection<Member> members() {
        return members.values();
    }

    public Set<String> labels() {
        return new TreeSet<>(members.keySet());
    }

    /** Everything caused so far has reached every stream that will ever get it; starts a new window. */
    public void settle() {
        previousMarker = lastMarker;
        lastMarker = Markers.marker(superAdmin, members.values().stream().map(Member::stream).toList());
    }

    /** The data events of {@code label}'s stream in the current window. */
    public List<SseEvent> window(String label) {
        return Markers.between(member(label).stream(), previousMarker, lastMarker);
    }

    /** Every member in {@code expected} received exactly one matching event in the window; every other none. */
    public void assertReceivedBy(Set<String> expected, Predicate<SseEvent> match, String what) {
        assertCounts(expected, 1, match, what);
    }

    /** Every member in {@code expected} received exactly {@code times} matching events in the window; others none. */
    public void assertCounts(Set<String> expected, int times, Predicate<SseEvent> match, String what) {
        Map<String, Integer> actual = new TreeMap<>();
        Map<String, Integer> wanted = new TreeMap<>();
        for (Member m : members.values()) {
            actual.put(m.label(), (int) window(m.label()).stream().filter(match).count());
            wanted.put(m.label(), expected.contains(m.label()) ? times : 0);
        }
        assertEquals(wanted, actual, what + " deliveries per role");
    }

    /**
     * For signals without an id (never in a window): every member in {@code expected} received exactly one matching
     * event over the whole stream, every other none. Call after {@link #settle()}: a live signal is written before
     * a marker emitted after it.
     */
    public void assertTransientReceivedBy(Set<String> expected, Predicate<SseEvent> match, String what) {
        Map<String, Integer> actual = new TreeMap<>();
        Map<String, Integer> wanted = new TreeMap<>();
        for (Member m : members.values()) {
            actual.put(m.label(), (int) m.stream().events().stream().filter(e -> e.id() == null).filter(match).count());
            wanted.put(m.label(), expected.contains(m.label()) ? 1 : 0);
        }
        assertEquals(wanted, actual, what + " deliveries per role");
    }

    /**
     * The first matching event's data for each of {@code labels} is {@code {field: rest}}, the REST JSON, and at most
     * the attribution of the change beside it ({@code actor}, {@code changes}; {@link #assertActor} checks those).
     */
    public void assertPayloads(Set<String> labels, Predicate<SseEvent> match, String field, JsonNode rest) {
        for (String label : labels) {
            JsonNode data = first(label, match);
            Set<String> names = fieldNames(data);
            assertTrue(names.contains(field) && ATTRIBUTION.containsAll(minus(names, field)),
                    "payload fields for " + label + ": " + names);
            assertEquals(rest, data.get(field), "payload for " + label + " equals the REST JSON");
        }
    }

    /** Fields an event may carry beside its entity: who made the change and what it changed. */
    private static final Set<String> ATTRIBUTION = Set.of("actor", "changes");

    /** The first matching event's {@code actor} for each of {@code labels} is exactly {@code actor}. */
    public void assertActor(Set<String> labels, Predicate<SseEvent> match, JsonNode actor) {
        for (String label : labels) {
            assertEquals(actor, first(label, match).get("actor"), "actor as " + label + " reads it");
        }
    }

    private static Set<String> minus(Set<String> names, String field) {
        Set<String> rest = new TreeSet<>(names);
        rest.remove(field);
        return rest;
    }

    public JsonNode first(String label, Predicate<SseEvent> match) {
        return window(label).stream().filter(match).findFirst()
                .orElseThrow(() -> new AssertionError("no matching event at " + label + ": " + window(label)))
                .json();
    }

    public JsonNode last(String label, Predicate<SseEvent> match) {
        List<SseEvent> all = window(label).stream().filter(match).toList();
        if (all.isEmpty()) {
            throw new AssertionError("no matching event at " + label + ": " + window(label));
        }
        return all.get(all.size() - 1).json();
    }

    /** {@code event} whose data holds {@code field} with the id of {@code entity}: {@code {"customer":{"id":...}}}. */
    public static Predicate<SseEvent> named(String event, String field, JsonNode entity) {
        String wanted = entity.get("id").asText();
        return e -> e.event().equals(event) && e.json() != null
                && wanted.equals(e.json().path(field).path("id").asText());
    }

    /** {@code event} whose data has {@code field} equal to {@code value}: {@code {"customerId":"..."}}. */
    public static Predicate<SseEvent> withField(String event, String field, String value) {
        return e -> e.event().equals(event) && e.json() != null && value.equals(e.json().path(field).asText());
    }

    public static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public void close() {
        members.values().forEach(m -> m.stream().close());
    }
}
