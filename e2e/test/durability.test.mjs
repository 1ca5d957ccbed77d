// durability (sync | async | exit) and the deprecated checkpoint_during (true/absent -> async, false -> exit).
// LangGraph's loop persists a checkpoint per step unless durability is "exit"; with "exit" only the checkpoint at
// graph exit is written (Pregel loop `_put_checkpoint`: do_checkpoint = exiting or durability != "exit"), so a
// counter run on a fresh thread leaves exactly one history entry: the final state with nothing next.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { callLimit, history, postJson, pythonBehaviour, requireServer, sdk, within } from "../lib/server.mjs";

const client = sdk();
const FINAL = { count: 2, log: ["a", "b"] };
const dropsDurability = pythonBehaviour("durability and checkpoint_during are dropped by the JS schema");

before(requireServer);

async function counterRun(options) {
  const { thread_id: threadId } = await client.threads.create();
  const result = await client.runs.wait(threadId, "counter", { input: {}, ...options, signal: callLimit() });
  return { threadId, result, states: await history(threadId) };
}

describe("durability", () => {
  for (const durability of ["sync", "async"]) {
    test(`${durability}: the run succeeds and every step's checkpoint is in history`, within(20_000), async () => {
      const { result, states } = await counterRun({ durability });

      assert.deepEqual(result, FINAL);
      assert.deepEqual(states.map((state) => state.metadata?.step), [2, 1, 0, -1]);
      assert.deepEqual(states[0].values, FINAL);
    });
  }

  test("exit: the run succeeds and history holds only its final checkpoint", within(20_000, dropsDurability), async () => {
    const { threadId, result, states } = await counterRun({ durability: "exit" });

    assert.deepEqual(result, FINAL);
    assert.equal(states.length, 1, `history: ${JSON.stringify(states.map((s) => s.metadata?.step))}`);
    assert.deepEqual(states[0].values, FINAL);
    assert.deepEqual(states[0].next, []);
    assert.deepEqual((await client.threads.getState(threadId)).values, FINAL);
  });

  test("exit on a thread that already has history adds just one checkpoint", within(20_000, dropsDurability), async () => {
    const { threadId, states: before } = await counterRun({});

    const result = await client.runs.wait(threadId, "counter", { input: {}, durability: "exit", signal: callLimit() });

    assert.deepEqual(result, { count: 4, log: ["a", "b", "a", "b"] });
    const after = await history(threadId);
    assert.equal(after.length, before.length + 1);
    assert.equal(after[0].parent_checkpoint?.checkpoint_id, before[0].checkpoint.checkpoint_id);
  });

  test("exit still saves the pause of a static breakpoint, so the run can be resumed", within(20_000), async () => {
    const { threadId } = await counterRun({ durability: "exit", interruptBefore: ["b"] });

    assert.deepEqual((await client.threads.getState(threadId)).next, ["b"]);
    const result = await client.runs.wait(threadId, "counter", { input: null, signal: callLimit() });
    assert.deepEqual(result, FINAL);
  });

  test("an unknown durability value is a 422", within(20_000, pythonBehaviour("the field is dropped")), async () => {
    const { thread_id: threadId } = await client.threads.create();

    const response = await postJson(`/threads/${threadId}/runs/wait`,
      { assistant_id: "counter", input: {}, durability: "forever" });

    assert.equal(response.status, 422, await response.text());
  });
});

describe("checkpoint_during (deprecated)", () => {
  test("true behaves as async: every step is checkpointed", within(20_000), async () => {
    const { result, states } = await counterRun({ checkpointDuring: true });

    assert.deepEqual(result, FINAL);
    assert.equal(states.length, 4);
  });

  test("false behaves as exit: only the final checkpoint", within(20_000, dropsDurability), async () => {
    const { result, states } = await counterRun({ checkpointDuring: false });

    assert.deepEqual(result, FINAL);
    assert.equal(states.length, 1);
  });
});
