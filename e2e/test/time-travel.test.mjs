// Time travel: replaying or forking from a history checkpoint with top-level checkpoint_id (as the SDK sends it) or
// checkpoint {checkpoint_id, checkpoint_ns}, with and without new input; unknown checkpoint ids.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { callLimit, history, postJson, projectRequirement, requireServer, sdk, within } from "../lib/server.mjs";

const client = sdk();

before(requireServer);

/** A counter thread that ran once (a then b), with the id of its history checkpoint whose next is [b]. */
async function counterWithHistory() {
  const { thread_id: threadId } = await client.threads.create();
  await client.runs.wait(threadId, "counter", { input: {}, signal: callLimit() });
  const states = await history(threadId);
  const beforeB = states.find((state) => JSON.stringify(state.next) === JSON.stringify(["b"]));
  assert.ok(beforeB, `history should hold a checkpoint with next [b]: ${JSON.stringify(states.map((s) => s.next))}`);
  assert.deepEqual(beforeB.values, { count: 1, log: ["a"] });
  return { threadId, original: states, checkpointId: beforeB.checkpoint.checkpoint_id };
}

/** Asserts that the newest checkpoint descends from `ancestorId` and not from the original run's final checkpoint. */
function assertForkedFrom(states, ancestorId, originalFinalId) {
  const byId = new Map(states.map((state) => [state.checkpoint.checkpoint_id, state]));
  const lineage = [];
  for (let state = states[0]; state; state = byId.get(state.parent_checkpoint?.checkpoint_id)) {
    lineage.push(state.checkpoint.checkpoint_id);
  }
  assert.ok(lineage.includes(ancestorId), "the new head descends from the chosen checkpoint");
  assert.ok(!lineage.includes(originalFinalId), "the new head does not descend from the original end of the thread");
}

describe("time travel", () => {
  test("checkpoint_id with input null replays from that checkpoint and forks history", within(20_000), async () => {
    const { threadId, original, checkpointId } = await counterWithHistory();

    const result = await client.runs.wait(threadId, "counter", { input: null, checkpointId, signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
    const states = await history(threadId);
    assert.ok(states.length > original.length, `history grows (${original.length} -> ${states.length})`);
    const ids = new Set(states.map((state) => state.checkpoint.checkpoint_id));
    for (const state of original) assert.ok(ids.has(state.checkpoint.checkpoint_id), "the original checkpoints stay");
    assertForkedFrom(states, checkpointId, original[0].checkpoint.checkpoint_id);
    assert.deepEqual((await client.threads.getState(threadId)).values, { count: 2, log: ["a", "b"] });
  });

  test("checkpoint {checkpoint_id, checkpoint_ns: \"\"} does the same", within(20_000), async () => {
    const { threadId, original, checkpointId } = await counterWithHistory();

    const result = await client.runs.wait(threadId, "counter",
      { input: null, checkpoint: { checkpoint_id: checkpointId, checkpoint_ns: "" }, signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
    assertForkedFrom(await history(threadId), checkpointId, original[0].checkpoint.checkpoint_id);
  });

  test("checkpoint_id with new input forks a fresh pass on top of that checkpoint", within(20_000), async () => {
    const { threadId, original, checkpointId } = await counterWithHistory();

    const result = await client.runs.wait(threadId, "counter", { input: { count: 10 }, checkpointId, signal: callLimit() });

    assert.deepEqual(result, { count: 13, log: ["a", "a", "b"] });
    assertForkedFrom(await history(threadId), checkpointId, original[0].checkpoint.checkpoint_id);
  });

  test("checkpoint_id over plain HTTP (top-level field) gives the same replay", within(20_000), async () => {
    const { threadId, checkpointId } = await counterWithHistory();

    const response = await postJson(`/threads/${threadId}/runs/wait`,
      { assistant_id: "counter", input: null, checkpoint_id: checkpointId });

    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(await response.text()), { count: 2, log: ["a", "b"] });
  });

  test("updating the state at a history checkpoint forks from it; resuming continues the fork", within(20_000), async () => {
    const { threadId, original, checkpointId } = await counterWithHistory();

    const { checkpoint } = await client.threads.updateState(threadId,
      { values: { count: 100 }, asNode: "a", checkpointId });

    const state = await client.threads.getState(threadId);
    assert.equal(state.checkpoint.checkpoint_id, checkpoint.checkpoint_id);
    assert.equal(state.parent_checkpoint.checkpoint_id, checkpointId);
    assert.deepEqual(state.values, { count: 101, log: ["a"] });
    assert.deepEqual(state.next, ["b"]);
    const result = await client.runs.wait(threadId, "counter", { input: null, signal: callLimit() });
    assert.deepEqual(result, { count: 102, log: ["a", "b"] });
    assertForkedFrom(await history(threadId), checkpointId, original[0].checkpoint.checkpoint_id);
  });

  test("getState at a history checkpoint returns that checkpoint", within(20_000), async () => {
    const { threadId, checkpointId } = await counterWithHistory();

    const state = await client.threads.getState(threadId, checkpointId);

    assert.equal(state.checkpoint.checkpoint_id, checkpointId);
    assert.deepEqual(state.values, { count: 1, log: ["a"] });
    assert.deepEqual(state.next, ["b"]);
  });

  test("an unknown checkpoint_id is a 4xx with a JSON detail naming the checkpoint, not an empty run",
    within(20_000, projectRequirement("200 __error__ EmptyInputError")), async () => {
      const { threadId, original } = await counterWithHistory();
      const unknown = randomUUID();

      const response = await postJson(`/threads/${threadId}/runs/wait`,
        { assistant_id: "counter", input: null, checkpoint_id: unknown });
      const text = await response.text();

      assert.ok(response.status >= 400 && response.status < 500, `expected a 4xx, got ${response.status}: ${text}`);
      assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
      assert.match(JSON.parse(text).detail, /checkpoint/i);
      assert.equal((await history(threadId)).length, original.length, "no run touched the thread");
    });

  test("an unknown checkpoint in checkpoint {…} is also a 4xx", within(20_000, projectRequirement("200 __error__ EmptyInputError")), async () => {
    const { threadId } = await counterWithHistory();

    const response = await postJson(`/threads/${threadId}/runs/wait`,
      { assistant_id: "counter", input: null, checkpoint: { checkpoint_id: randomUUID(), checkpoint_ns: "" } });
    const text = await response.text();

    assert.ok(response.status >= 400 && response.status < 500, `expected a 4xx, got ${response.status}: ${text}`);
    assert.equal(typeof JSON.parse(text).detail, "string");
  });
});
