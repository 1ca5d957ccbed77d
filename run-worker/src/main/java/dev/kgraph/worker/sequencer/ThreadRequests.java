package dev.kgraph.worker.sequencer;

import dev.kgraph.model.replies.Reply;
import dev.kgraph.model.replies.Reply.Outcome;
import dev.kgraph.model.requests.ThreadRequest;
import dev.kgraph.model.stream.StreamRecords;
import dev.kgraph.model.threads.ThreadStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Requests about threads: create, read, patch, delete, state, history, state updates and search. */
final class ThreadRequests {
    static final String BUSY_FOR_UPDATE = "Thread is busy with a running job. Cannot update state.";

    private final SequencerState state;
    private final RunLifecycle lifecycle;
    private final StateUpdater updater;

    ThreadRequests(SequencerState state, RunLifecycle lifecycle, StateUpdater updater) {
        this.state = state;
        this.lifecycle = lifecycle;
        this.updater = updater;
    }

    Reply create(ThreadRequest.CreateThread r) {
        var existing = state.thread(r.threadId());
        if (existing != null) {
            return "do_nothing".equals(r.ifExists()) ? Replies.ok(r, existing.toView())
                    : Replies.failed(r, Outcome.CONFLICT, "Thread already exists");
        }
        var created = withTtl(ThreadEntry.create(r.threadId(), RunRequests.orEmpty(r.metadata()), state.now()),
                r.ttlMinutes());
        state.checkpoints.threadCreated(r.threadId());
        state.put(created);
        return Replies.ok(r, created.toView());
    }

    /** Sets the thread's expiry {@code minutes} from now and a wake-up for it in the (changelogged) schedule store. */
    private ThreadEntry withTtl(ThreadEntry thread, Double minutes) {
        if (minutes == null) {
            return thread;
        }
        var expiry = state.instant().plusMillis(Math.round(minutes * 60_000));
        state.scheduleExpiry(expiry, thread.threadId());
        return thread.expiringAt(expiry.toString());
    }

    /**
     * Someone streams the whole thread until {@code r.until()}: runs that start before then publish their events
     * (see {@link RunLifecycle#startNextRun}), and the one running now starts publishing.
     */
    Reply watch(ThreadRequest.WatchThread r) {
        var thread = state.thread(r.threadId());
        if (thread == null) {
            return Replies.threadNotFound(r);
        }
        var watched = thread.streamedUntil(r.until());
        state.put(watched);
        if (watched.activeRunId() != null) {
            var active = state.run(watched.threadId(), watched.activeRunId());
            if (active != null) {
                lifecycle.stream(active);
            }
        }
        return Replies.ok(r, watched.toView());
    }

    /** {@code keep_latest} pruning: the thread keeps its state (the latest checkpoint of each namespace) and runs. */
    Reply prune(ThreadRequest.PruneThread r) {
        var thread = state.thread(r.threadId());
        if (thread == null) {
            return Replies.threadNotFound(r);
        }
        return Replies.ok(r, java.util.Map.of("pruned_checkpoints", state.pruneCheckpointsKeepingLatest(r.threadId(),
                thread.activeRunId() != null)));
    }

    Reply get(ThreadRequest.GetThread r) {
        var thread = state.thread(r.threadId());
        return thread == null ? Replies.threadNotFound(r) : Replies.ok(r, thread.toView());
    }

    Reply patch(ThreadRequest.PatchThread r) {
        var thread = state.thread(r.threadId());
        if (thread == null) {
            return Replies.threadNotFound(r);
        }
        var merged = new LinkedHashMap<String, Object>(RunRequests.orEmpty(thread.metadata()));
        merged.putAll(RunRequests.orEmpty(r.metadata()));
        var patched = withTtl(thread.withMetadata(merged, state.now()), r.ttlMinutes());
        state.put(patched);
        return Replies.ok(r, patched.toView());
    }

    Reply delete(ThreadRequest.DeleteThread r) {
        var thread = state.thread(r.threadId());
        if (thread == null) {
            return Replies.threadNotFound(r);
        }
        lifecycle.deleteThread(thread, "Thread deleted");
        return Replies.ok(r, null);
    }

    /**
     * {@code POST /threads/{id}/copy}: the new thread usually lives in another partition, whose writer alone may
     * create it, so this writer sends it the copy (each checkpoint, rewritten for the new thread, then the thread)
     * through {@code kgraph.requests}; the new thread's writer answers. Runs are not copied, as on LangGraph Platform.
     */
    Reply copy(ThreadRequest.CopyThread r) {
        var source = state.thread(r.threadId());
        if (source == null) {
            return Replies.threadNotFound(r);
        }
        state.forEachCheckpoint(r.threadId(), (key, checkpoint) -> {
            // key = <thread>/<namespace>/<checkpoint id>; checkpoint ids never contain '/'
            var rest = key.substring(r.threadId().length() + 1);
            int slash = rest.lastIndexOf('/');
            state.send(new ThreadRequest.ImportCheckpoint(r.requestId(), r.newThreadId(), null,
                    rest.substring(0, slash), rest.substring(slash + 1),
                    state.reader.forThread(checkpoint, r.newThreadId())));
        });
        var metadata = new LinkedHashMap<String, Object>(RunRequests.orEmpty(source.metadata()));
        metadata.put("thread_id", r.newThreadId());
        state.send(new ThreadRequest.ImportThread(r.requestId(), r.newThreadId(), r.replyTo(), metadata,
                source.values()));
        return null; // answered by the new thread's writer
    }

    Reply importCheckpoint(ThreadRequest.ImportCheckpoint r) {
        if (state.thread(r.threadId()) == null) { // a replayed copy never overwrites a thread that lives on
            state.checkpoints.put(StoreKeys.checkpoint(r.threadId(), r.checkpointNs(), r.checkpointId()),
                    r.checkpoint());
        }
        return null;
    }

    Reply importThread(ThreadRequest.ImportThread r) {
        var existing = state.thread(r.threadId());
        if (existing != null) {
            return Replies.ok(r, existing.toView());
        }
        var created = ThreadEntry.create(r.threadId(), r.metadata(), state.now()).withValues(r.values());
        state.put(created);
        return Replies.ok(r, created.toView());
    }

    Reply state(ThreadRequest.GetState r) {
        if (state.thread(r.threadId()) == null) {
            return Replies.threadNotFound(r);
        }
        byte[] checkpoint = r.checkpointId() == null ? state.latestCheckpoint(r.threadId())
                : state.checkpoint(r.threadId(), "", r.checkpointId());
        if (checkpoint == null && r.checkpointId() != null) {
            return Replies.failed(r, Outcome.NOT_FOUND,
                    "Checkpoint " + r.checkpointId() + " not found in thread " + r.threadId());
        }
        if (checkpoint == null) {
            return Replies.ok(r, state.reader.emptySnapshot());
        }
        return Replies.ok(r, r.checkpointId() == null ? state.reader.currentSnapshot(checkpoint)
                : state.reader.snapshot(checkpoint));
    }

    Reply history(ThreadRequest.GetHistory r) {
        if (state.thread(r.threadId()) == null) {
            return Replies.threadNotFound(r);
        }
        var items = new ArrayList<Map<String, Object>>();
        String to = r.before() == null ? StoreKeys.checkpointsTo(r.threadId(), "")
                : StoreKeys.checkpoint(r.threadId(), "", r.before());
        try (var it = state.checkpoints.reverseRange(StoreKeys.checkpointsFrom(r.threadId(), ""), to)) {
            while (it.hasNext() && items.size() < Math.max(1, r.limit())) {
                var entry = it.next();
                if (entry.key.equals(to)) {
                    continue; // "before" is exclusive
                }
                var checkpoint = state.whole(entry.value);
                if (r.metadata() == null || state.reader.metadataMatches(checkpoint, r.metadata())) {
                    items.add(state.reader.snapshot(checkpoint));
                }
            }
        }
        return Replies.ok(r, items);
    }

    Reply updateState(ThreadRequest.UpdateState r) {
        var thread = state.thread(r.threadId());
        if (thread == null) {
            return Replies.threadNotFound(r);
        }
        if (thread.hasActiveOrQueuedRuns()) {
            return Replies.failed(r, Outcome.CONFLICT, BUSY_FOR_UPDATE);
        }
        if (!(RunRequests.orEmpty(thread.metadata()).get("graph_id") instanceof String graphId)) {
            return Replies.failed(r, Outcome.BAD_REQUEST,
                    "Thread " + r.threadId() + " has no graph yet: run an assistant on it before updating its state.");
        }
        var base = r.checkpointId() == null ? state.latestCheckpoint(r.threadId())
                : state.checkpoint(r.threadId(), "", r.checkpointId());
        if (base == null && r.checkpointId() != null) {
            return Replies.failed(r, Outcome.NOT_FOUND,
                    "Checkpoint " + r.checkpointId() + " not found in thread " + r.threadId());
        }
        byte[] updated;
        try {
            updated = updater.update(graphId, r.threadId(), base, r.values(), r.asNode(),
                    Map.of("graph_id", graphId, "thread_id", r.threadId()));
        } catch (RuntimeException invalid) { // unknown node, values the reducers reject (InvalidUpdateError), ...
            return Replies.failed(r, Outcome.BAD_REQUEST, invalid.getMessage());
        }
        var snapshot = state.reader.snapshot(updated);
        @SuppressWarnings("unchecked")
        var ref = (Map<String, Object>) snapshot.get("checkpoint");
        state.checkpoints.put(StoreKeys.checkpoint(r.threadId(), String.valueOf(ref.get("checkpoint_ns")),
                String.valueOf(ref.get("checkpoint_id"))), updated);
        var view = state.reader.threadStateOf(updated);
        state.put(thread.finishActive(view.hasNext() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE, view.values(),
                view.interrupts(), null, state.now()));
        publishStateUpdate(r.threadId(), updated);
        return Replies.ok(r, Map.of("checkpoint", ref));
    }

    /**
     * {@code state_update} on the thread stream, as LangGraph Platform publishes it after {@code update_state}: the
     * thread's state as {@code GET /threads/{id}/state} now answers it. Published whether or not anyone watches the
     * thread (unlike runs' events, which need a lease): updates are rare and small next to a run's events, and so a
     * client that resumes the thread stream with {@code Last-Event-ID} after its lease lapsed still finds them.
     */
    private void publishStateUpdate(String threadId, byte[] checkpoint) {
        var event = new LinkedHashMap<String, Object>();
        event.put("state", state.reader.currentSnapshot(checkpoint));
        event.put("thread_id", threadId);
        state.publishThreadEvent(threadId, StreamRecords.STATE_UPDATE, event);
    }

    /** This partition's share of a thread search: the first {@code limit} matches, and how many matched. */
    Reply search(ThreadRequest.SearchThreads r) {
        var matches = new ArrayList<ThreadEntry>();
        state.forEachThread(thread -> {
            if (matches(thread, r)) {
                matches.add(thread);
            }
        });
        matches.sort(order(r.sortBy(), r.sortOrder()));
        var body = new LinkedHashMap<String, Object>();
        body.put("threads", matches.stream().limit(Math.max(0, r.limit())).map(ThreadEntry::toView).toList());
        body.put("total", matches.size());
        return Replies.ok(r, body);
    }

    private static boolean matches(ThreadEntry thread, ThreadRequest.SearchThreads r) {
        return (r.ids() == null || r.ids().isEmpty() || r.ids().contains(thread.threadId()))
                && (r.status() == null || r.status().equals(thread.status().wire()))
                && Containment.contains(thread.metadata(), r.metadata())
                && Containment.contains(thread.values(), r.values());
    }

    static Comparator<ThreadEntry> order(String sortBy, String sortOrder) {
        Comparator<ThreadEntry> by = switch (sortBy == null ? "created_at" : sortBy) {
            case "thread_id" -> Comparator.comparing(ThreadEntry::threadId);
            case "status" -> Comparator.comparing(t -> t.status().wire());
            case "updated_at" -> Comparator.comparing(t -> java.time.Instant.parse(t.updatedAt()));
            default -> Comparator.comparing(t -> java.time.Instant.parse(t.createdAt()));
        };
        by = by.thenComparing(ThreadEntry::threadId);
        return "asc".equals(sortOrder) ? by : by.reversed();
    }

    /** JSONB-style containment ({@code @>}), as LangGraph Platform filters threads by metadata and values. */
    static final class Containment {
        private Containment() {
        }

        static boolean contains(Object actual, Object expected) {
            if (expected == null) {
                return true;
            }
            if (expected instanceof Map<?, ?> wanted) {
                if (!(actual instanceof Map<?, ?> present)) {
                    return wanted.isEmpty();
                }
                return wanted.entrySet().stream().allMatch(e -> present.containsKey(e.getKey())
                        && containsValue(present.get(e.getKey()), e.getValue()));
            }
            return containsValue(actual, expected);
        }

        private static boolean containsValue(Object actual, Object expected) {
            if (expected instanceof Map<?, ?>) {
                return contains(actual, expected);
            }
            if (expected instanceof List<?> wanted) {
                return actual instanceof List<?> present
                        && wanted.stream().allMatch(w -> present.stream().anyMatch(p -> containsValue(p, w)));
            }
            if (expected instanceof Number n && actual instanceof Number a) {
                return Double.compare(n.doubleValue(), a.doubleValue()) == 0;
            }
            return Objects.equals(actual, expected);
        }
    }
}
