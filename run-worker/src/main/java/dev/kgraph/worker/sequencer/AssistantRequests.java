package dev.kgraph.worker.sequencer;

import dev.kgraph.model.assistants.AssistantRecord;
import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.replies.Reply.Outcome;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.requests.ThreadRequest.AssistantRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Requests about user-created assistants: create, read, patch (a new version), delete, set the active version, list
 * versions. Requests are keyed by assistant id, so every request about one assistant reaches this writer in order
 * and versions are numbered without gaps or duplicates however many gateways patch at once; the numbering lives in
 * the changelogged assistants store, so it survives restarts and partition moves.
 * <p>
 * Every change is published to {@code kgraph.assistants} (a deletion as a tombstone), from which each gateway's
 * directory answers reads, searches and runs. System assistants (one per graph) are the workers' own and never
 * pass through here.
 */
final class AssistantRequests {
    private final KeyValueStore<String, AssistantEntry> store;
    private final SequencerState state;
    private final Supplier<String> now;

    AssistantRequests(ProcessorContext<String, Object> context, SequencerState state) {
        this.state = state;
        this.store = context.getStateStore(SequencerStores.ASSISTANTS);
        this.now = state::now;
    }

    Reply handle(AssistantRequest request) {
        return switch (request) {
            case ThreadRequest.CreateAssistant r -> create(r);
            case ThreadRequest.GetAssistant r -> get(r);
            case ThreadRequest.PatchAssistant r -> patch(r);
            case ThreadRequest.DeleteAssistant r -> delete(r);
            case ThreadRequest.SetLatestAssistantVersion r -> setLatest(r);
            case ThreadRequest.ListAssistantVersions r -> versions(r);
        };
    }

    private Reply create(ThreadRequest.CreateAssistant r) {
        var existing = store.get(r.assistantId());
        if (existing != null) {
            if (existing.applied(r.requestId()) || "do_nothing".equals(r.ifExists())) {
                return Replies.ok(r, existing.toRecord().toApi());
            }
            return Replies.failed(r, Outcome.CONFLICT, "Assistant already exists");
        }
        var at = now.get();
        var created = new AssistantEntry(r.assistantId(), r.graphId(), r.name(), r.description(), orEmpty(r.config()),
                orEmpty(r.context()), orEmpty(r.metadata()), 1, at, at, 1, List.of(r.requestId()));
        save(created, at);
        return Replies.ok(r, created.toRecord().toApi());
    }

    private Reply get(ThreadRequest.GetAssistant r) {
        var head = store.get(r.assistantId());
        return head == null ? notFound(r) : Replies.ok(r, head.toRecord().toApi());
    }

    private Reply patch(ThreadRequest.PatchAssistant r) {
        var head = store.get(r.assistantId());
        if (head == null) {
            return notFound(r);
        }
        if (head.applied(r.requestId())) {
            return Replies.ok(r, head.toRecord().toApi()); // the same patch read again: already applied
        }
        var metadata = new LinkedHashMap<String, Object>(orEmpty(head.metadata()));
        metadata.putAll(orEmpty(r.metadata()));
        int version = head.maxVersion() + 1;
        var at = now.get();
        var patched = new AssistantEntry(head.assistantId(), or(r.graphId(), head.graphId()),
                or(r.name(), head.name()), or(r.description(), head.description()), or(r.config(), head.config()),
                or(r.context(), head.context()), metadata, version, head.createdAt(), at, version,
                head.recentRequestsWith(r.requestId()));
        save(patched, at);
        return Replies.ok(r, patched.toRecord().toApi());
    }

    private Reply delete(ThreadRequest.DeleteAssistant r) {
        if (store.get(r.assistantId()) == null) {
            return notFound(r);
        }
        var doomed = new ArrayList<String>();
        try (var it = store.range(AssistantEntry.versionsFrom(r.assistantId()),
                AssistantEntry.versionsTo(r.assistantId()))) {
            it.forEachRemaining(kv -> doomed.add(kv.key));
        }
        doomed.forEach(store::delete);
        store.delete(r.assistantId());
        publish(r.assistantId(), null);
        return Replies.ok(r, null);
    }

    private Reply setLatest(ThreadRequest.SetLatestAssistantVersion r) {
        var head = store.get(r.assistantId());
        if (head == null) {
            return notFound(r);
        }
        if (head.applied(r.requestId())) {
            return Replies.ok(r, head.toRecord().toApi());
        }
        var chosen = store.get(AssistantEntry.versionKey(r.assistantId(), r.version()));
        if (chosen == null) {
            return Replies.failed(r, Outcome.NOT_FOUND, "Assistant version not found");
        }
        var latest = new AssistantEntry(head.assistantId(), chosen.graphId(), chosen.name(), chosen.description(),
                chosen.config(), chosen.context(), chosen.metadata(), chosen.version(), head.createdAt(), now.get(),
                head.maxVersion(), head.recentRequestsWith(r.requestId()));
        store.put(r.assistantId(), latest);
        publish(r.assistantId(), latest.toRecord());
        return Replies.ok(r, latest.toRecord().toApi());
    }

    private Reply versions(ThreadRequest.ListAssistantVersions r) {
        if (store.get(r.assistantId()) == null) {
            return notFound(r);
        }
        var page = new ArrayList<Map<String, Object>>();
        int skipped = 0;
        try (var it = store.reverseRange(AssistantEntry.versionsFrom(r.assistantId()),
                AssistantEntry.versionsTo(r.assistantId()))) {
            while (it.hasNext() && page.size() < r.limit()) {
                var version = it.next().value;
                if (!ThreadRequests.Containment.contains(version.metadata(), r.metadata())) {
                    continue;
                }
                if (skipped++ < r.offset()) {
                    continue;
                }
                page.add(version.toVersionApi());
            }
        }
        return Replies.ok(r, page);
    }

    /** Writes the head and its (new) version, then tells the gateways. */
    private void save(AssistantEntry head, String at) {
        store.put(AssistantEntry.versionKey(head.assistantId(), head.version()), head.asVersion(at));
        store.put(head.assistantId(), head);
        publish(head.assistantId(), head.toRecord());
    }

    private void publish(String assistantId, AssistantRecord record) {
        state.publishAssistant(assistantId, record);
    }

    private static Reply notFound(AssistantRequest r) {
        return Replies.failed(r, Outcome.NOT_FOUND, "Assistant '" + r.assistantId() + "' not found");
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }
}
