// The thread stream: client.threads.joinStream (GET /threads/{thread_id}/stream) sends the events of every run on
// the thread, one run after the other, on a connection that stays open until the client leaves; a run already
// running when the client joins starts publishing at once; lastEventId "-" replays what the topic holds.
// streamMode, as LangGraph Platform's Python server has it: "run_modes" (every run event, each run closed by
// metadata {status: "run_done", run_id}), "lifecycle" (runs' starts and ends only), "state_update" (the thread's state
// changed through threads.updateState: {state: <as getState answers>, thread_id}); a list combines them.
// The JS reference server has no thread stream (its routes stop at the run stream): todo there.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BASE_URL, awaitRunStatus, callLimit, createRun, expectJsonError, pythonBehaviour, requireServer, sdk, startSlowRun,
  within,
} from "../lib/server.mjs";

const client = sdk();
const NO_THREAD_STREAM = pythonBehaviour("GET /threads/{thread_id}/stream is not implemented by the JS server");

before(requireServer);

/** Reads the thread stream until `enough(parts)` holds, then leaves it (the stream itself never ends). */
async function readUntil(stream, enough, onPart = () => {}) {
  const parts = [];
  for await (const part of stream) {
    parts.push(part);
    await onPart(part, parts);
    if (enough(parts)) break;
  }
  return parts;
}

/** The run ids of the runs' starts (metadata {run_id, attempt}); a run's end (run_done) is not a start. */
const metadataOf = (parts) => parts.filter((p) => p.event === "metadata" && p.data.attempt !== undefined)
  .map((p) => p.data.run_id);
const isRunDone = (part, runId) => part.event === "metadata" && part.data.status === "run_done"
  && (runId === undefined || part.data.run_id === runId);
/** Starts and ends, as "start:<run>" and "done:<run>". */
const lifecycleOf = (parts) => parts.filter((p) => p.event === "metadata")
  .map((p) => (p.data.status === "run_done" ? `done:${p.data.run_id}` : `start:${p.data.run_id}`));

describe("threads.joinStream", () => {
  test("every run on the thread, one after the other: the running one from the join on, then the next one",
    within(60_000, NO_THREAD_STREAM), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const slow = await startSlowRun(threadId, 1500); // running, nobody streams it
      let echo;
      const parts = await readUntil(
        client.threads.joinStream(threadId, { signal: callLimit(45_000) }),
        (seen) => {
          const echoStart = echo ? seen.findIndex((q) => q.event === "metadata" && q.data.run_id === echo.run_id) : -1;
          return echoStart >= 0 && seen.some((p, i) => p.event === "values" && i > echoStart
            && p.data.messages?.length === 2); // the input step's values, then the node's
        },
        async (part, seen) => {
          if (!echo && part.event === "metadata") {
            // the join is live: a run enqueued now streams to it too
            echo = await createRun(threadId, {
              assistant_id: "echo", input: { messages: [{ role: "user", content: "hello" }] },
              multitask_strategy: "enqueue",
            });
          }
        });

      assert.deepEqual(metadataOf(parts), [slow.run_id, echo.run_id], "each run announced once, in order");
      const last = parts.findLast((p) => p.event === "values");
      assert.deepEqual(last.data.messages.map((m) => m.content), ["hello", "echo: hello"]);
      const slowValues = parts.slice(0, parts.findIndex((p) => p.data?.run_id === echo.run_id))
        .filter((p) => p.event === "values");
      assert.ok(slowValues.length >= 1, "the slow run's values reached the stream before the echo run began");
    });

  test("lastEventId \"-\" replays the thread's streamed runs, then stays open", within(60_000, NO_THREAD_STREAM),
    async () => {
      const { thread_id: threadId } = await client.threads.create();
      const first = await client.runs.stream(threadId, "echo", { input: { messages: [{ role: "user", content: "a" }] } });
      const firstParts = [];
      for await (const part of first) firstParts.push(part);
      const second = [];
      for await (const part of client.runs.stream(threadId, "echo", {
        input: { messages: [{ role: "user", content: "b" }] },
      })) second.push(part);
      const runIds = [firstParts[0].data.run_id, second[0].data.run_id];

      const replay = await readUntil(
        client.threads.joinStream(threadId, { lastEventId: "-", signal: callLimit(30_000) }),
        (seen) => seen.filter((p) => isRunDone(p)).length === 2);

      assert.deepEqual(metadataOf(replay), runIds);
      assert.deepEqual(replay.findLast((p) => p.event === "values").data.messages.map((m) => m.content),
        ["a", "echo: a", "b", "echo: b"]);
      // run_modes: each run's events, then its end, in the marker's place
      assert.deepEqual(lifecycleOf(replay), runIds.flatMap((id) => [`start:${id}`, `done:${id}`]));
      assert.ok(isRunDone(replay.at(-1), runIds[1]), "the last run's events end with its run_done");
      const firstDone = replay.findIndex((p) => isRunDone(p, runIds[0]));
      assert.equal(replay[firstDone + 1].data.run_id, runIds[1], "the next run starts right after it");
      assert.equal(replay.at(-1).data.status, "run_done");
      assert.ok(replay.every((p) => typeof p.id === "string" && p.id.length > 0), "every event has an id");
      // a run's own stream never gets it
      for (const own of [firstParts, second]) {
        assert.ok(!own.some((p) => p.data?.status === "run_done"), "run streams have no run_done event");
      }
    });

  test("lifecycle: each run's start and end only, in order, one run after the other",
    within(60_000, NO_THREAD_STREAM), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const slow = await startSlowRun(threadId, 1000); // running: the join turns its streaming on at once
      let echo;
      const parts = await readUntil(
        client.threads.joinStream(threadId, { streamMode: "lifecycle", signal: callLimit(45_000) }),
        (seen) => echo !== undefined && seen.some((p) => isRunDone(p, echo.run_id)),
        async (part) => {
          if (!echo) {
            echo = await createRun(threadId, {
              assistant_id: "echo", input: { messages: [{ role: "user", content: "hi" }] },
              multitask_strategy: "enqueue",
            });
          }
        });

      assert.deepEqual(lifecycleOf(parts),
        [`start:${slow.run_id}`, `done:${slow.run_id}`, `start:${echo.run_id}`, `done:${echo.run_id}`]);
      assert.ok(parts.every((p) => p.event === "metadata"), "no run event but the starts and ends");
      assert.deepEqual(parts[1].data, { status: "run_done", run_id: slow.run_id });
      assert.equal(parts[0].data.attempt, 1);
    });

  test("state_update: threads.updateState while joined sends the new state once; run_modes never has it; "
    + "lastEventId resumes every mode", within(90_000, NO_THREAD_STREAM), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const slow = await startSlowRun(threadId, 500);
    let updated;
    let stateAfterUpdate;
    // lifecycle and state_update combined, live: the slow run's start tells the join is live
    const live = await readUntil(
      client.threads.joinStream(threadId, { streamMode: ["lifecycle", "state_update"], signal: callLimit(45_000) }),
      (seen) => seen.some((p) => p.event === "state_update"),
      async (part) => {
        if (isRunDone(part, slow.run_id)) {
          await awaitRunStatus(threadId, slow.run_id, ["success"]); // an update waits for the thread to be idle
          updated = await client.threads.updateState(threadId, { values: { ms: 7 }, asNode: "sleep" });
          stateAfterUpdate = await client.threads.getState(threadId);
        }
      });

    assert.deepEqual(live.map((p) => p.event), ["metadata", "metadata", "state_update"]);
    const update = live[2];
    assert.deepEqual(update.data, { state: stateAfterUpdate, thread_id: threadId },
      "the event carries the state as getState answers it after the update");
    assert.equal(update.data.state.values.ms, 7);
    assert.equal(update.data.state.checkpoint.checkpoint_id, updated.checkpoint.checkpoint_id);

    // a later run, so that each resume below has something after the update too
    const later = await createRun(threadId, { assistant_id: "slow", input: { ms: 1 } });
    await awaitRunStatus(threadId, later.run_id, ["success"]);

    const slowDone = live[1].id;
    const afterDone = await readUntil(
      client.threads.joinStream(threadId, { lastEventId: slowDone, signal: callLimit(30_000) }),
      (seen) => seen.some((p) => isRunDone(p, later.run_id)));
    assert.ok(!afterDone.some((p) => p.event === "state_update"), "run_modes does not send state updates");
    assert.deepEqual(lifecycleOf(afterDone), [`start:${later.run_id}`, `done:${later.run_id}`],
      "resumed after the slow run's end: the next run, from its start to its end");

    const updates = await readUntil(
      client.threads.joinStream(threadId, { streamMode: "state_update", lastEventId: "-", signal: callLimit(30_000) }),
      (seen) => seen.length === 1);
    assert.equal(updates[0].id, update.id, "the same event, at the same id, replayed");
    assert.deepEqual(updates[0].data, update.data);

    const lifecycle = await readUntil(
      client.threads.joinStream(threadId, { streamMode: "lifecycle", lastEventId: update.id, signal: callLimit(30_000) }),
      (seen) => seen.length === 2);
    assert.deepEqual(lifecycleOf(lifecycle), [`start:${later.run_id}`, `done:${later.run_id}`]);
    assert.ok(Number(lifecycle[0].id) > Number(update.id));
  });

  test("an unknown thread is a 404, a mode that is not a thread stream mode a 422 naming it, before the stream",
    within(15_000, NO_THREAD_STREAM), async () => {
      const unknown = await fetch(`${BASE_URL}/threads/${crypto.randomUUID()}/stream?stream_mode=lifecycle`,
        { signal: callLimit() });
      await expectJsonError(assert, unknown, 404);
      const { thread_id: threadId } = await client.threads.create();
      const bogus = await fetch(`${BASE_URL}/threads/${threadId}/stream?stream_mode=values`, { signal: callLimit() });
      assert.match(await expectJsonError(assert, bogus, 422), /values/);
      const listed = await fetch(`${BASE_URL}/threads/${threadId}/stream?stream_modes=lifecycle&stream_modes=events`,
        { signal: callLimit() });
      assert.match(await expectJsonError(assert, listed, 422), /events/);
      const controller = new AbortController();
      const lifecycle = await fetch(`${BASE_URL}/threads/${threadId}/stream?stream_mode=lifecycle`,
        { signal: AbortSignal.any([controller.signal, callLimit()]) });
      assert.equal(lifecycle.status, 200);
      assert.match(lifecycle.headers.get("content-type") ?? "", /^text\/event-stream/);
      controller.abort();
    });
});
