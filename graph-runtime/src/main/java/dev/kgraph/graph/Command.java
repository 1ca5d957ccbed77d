package dev.kgraph.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LangGraph's {@code Command}: as run input it resumes interrupts, updates state and/or jumps; returned by a node it
 * updates state and jumps ({@code resume} is ignored there).
 *
 * @param resume     a single value for the pending interrupt, or a {@code Map} from interrupt id to value
 * @param update     a {@code Map} update or a {@code List} of {@code [key, value]} pairs
 * @param gotoTarget a node name, a {@link Send}, or a list of those
 */
public record Command(Object resume, Object update, Object gotoTarget) {

    public static Command resume(Object value) {
        return new Command(value, null, null);
    }

    public static Command update(Object update) {
        return new Command(null, update, null);
    }

    public static Command goTo(Object target) {
        return new Command(null, null, target);
    }

    public Command withUpdate(Object newUpdate) {
        return new Command(resume, newUpdate, gotoTarget);
    }

    public Command withGoto(Object target) {
        return new Command(resume, update, target);
    }

    public Command withResume(Object value) {
        return new Command(value, update, gotoTarget);
    }

    /** The update as ordered {@code [key, value]} pairs. */
    public List<Map.Entry<String, Object>> updateEntries() {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        if (update == null) {
            return out;
        }
        if (update instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(String.valueOf(e.getKey()), e.getValue()));
            }
            return out;
        }
        if (update instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (p instanceof List<?> pair && pair.size() == 2) {
                    out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(String.valueOf(pair.get(0)), pair.get(1)));
                } else if (p instanceof Map.Entry<?, ?> e) {
                    out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(String.valueOf(e.getKey()), e.getValue()));
                } else {
                    throw new InvalidUpdateError("Command update pairs must be [key, value], got " + p);
                }
            }
            return out;
        }
        throw new InvalidUpdateError("Expected Command update to be a map or a list of [key, value] pairs");
    }

    /** The goto targets as a list. */
    public List<Object> gotoTargets() {
        if (gotoTarget == null) {
            return List.of();
        }
        return gotoTarget instanceof List<?> l ? List.copyOf(l) : List.of(gotoTarget);
    }

    /** Reads a JSON command {@code {resume, update, goto}} as sent by the LangGraph API (goto may be {node, input}). */
    public static Command fromJson(Map<String, Object> json) {
        Object go = json.get("goto");
        return new Command(json.get("resume"), json.get("update"), gotoFromJson(go));
    }

    private static Object gotoFromJson(Object go) {
        if (go instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(gotoFromJson(o));
            }
            return out;
        }
        if (go instanceof Map<?, ?> m) {
            Object arg = m.containsKey("input") ? m.get("input") : m.get("arg");
            return new Send(String.valueOf(m.get("node")), arg);
        }
        return go;
    }

    /** JSON shape {@code {resume, update, goto}} with nulls left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (resume != null) out.put("resume", resume);
        if (update != null) out.put("update", update);
        if (gotoTarget != null) out.put("goto", gotoTarget);
        return out;
    }
}
