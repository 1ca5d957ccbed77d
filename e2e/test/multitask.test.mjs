// multitask_strategy: what a second run on a busy thread does to the first (reject, enqueue, interrupt, rollback),
// with the first run running or still pending. Expected behaviour: the Python server (langgraph-api.md §5).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  awaitRunStatus, callLimit, createRun, expectJsonError, getJson, history, postJson, pythonBehaviour, request,
  requireServer, runStatus, sdk, startSlowRun, within,
} from "../lib/server.mjs";

const client = sdk();
const LONG_MS = 6000; // long enough to stay running while the test acts; always ended by the test or its cleanup

before(requireServer);

async function newThread() {
  return (await client.threads.create()).thread_id;
}

/** Cancels whatever is still in flight on the thread so a failing test leaves no long run behind. */
async function cleanup(threadId, runIds) {
  for (const runId of runIds) {
    await request("POST", `/threads/${threadId}/runs/${runId}/cancel?wait=0`);
  }
}

/**
 * The `ms` inputs of the runs that reached the graph, oldest first: each run's checkpoint that has its input applied
 * and `sleep` next (the step-0 checkpoint) tells which runs executed, and in which order.
 */
async function executedInputs(threadId) {
  return (await history(threadId))
    .filter((state) => state.metadata?.source === "loop" && (state.next ?? []).includes("sleep"))
    .map((state) => state.values.ms)
    .reverse();
}

/** Asserts that the newest-first history is one unbroken chain of parent links (nothing forked or cut out). */
function assertSingleChain(states) {
  for (let i = 0; i + 1 < states.length; i++) {
    assert.equal(states[i].parent_checkpoint?.checkpoint_id, states[i + 1].checkpoint.checkpoint_id,
      `history entry ${i} should descend from entry ${i + 1}`);
  }
}

describe("multitask_strategy reject", () => {
  test("a second run while one is running is a 409 with the Python message, and the first run goes on",
    within(30_000, pythonBehaviour("422 text/plain")), async () => {
      const threadId = await newThread();
      const first = await startSlowRun(threadId, 1500);

      const response = await postJson(`/threads/${threadId}/runs/wait`,
        { assistant_id: "slow", input: { ms: 10 }, multitask_strategy: "reject" });

      const detail = await expectJsonError(assert, response, 409);
      assert.match(detail, /Thread is already running a task/);
      const result = await client.runs.join(threadId, first.run_id, { signal: callLimit() });
      assert.deepEqual(result, { ms: 1500, done: true });
      assert.equal(await runStatus(threadId, first.run_id), "success");
      assert.deepEqual((await client.runs.list(threadId)).map((run) => run.run_id), [first.run_id], "no run was created");
    });

  test("a pending (enqueued) run also counts as in flight for reject", within(30_000, pythonBehaviour("422 text/plain")), async () => {
    const threadId = await newThread();
    const running = await startSlowRun(threadId, 1500);
    const pending = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, multitask_strategy: "enqueue" });
    assert.equal(pending.status, "pending");

    const response = await postJson(`/threads/${threadId}/runs`,
      { assistant_id: "slow", input: { ms: 20 }, multitask_strategy: "reject" });

    await expectJsonError(assert, response, 409);
    await client.runs.join(threadId, pending.run_id, { signal: callLimit() });
    assert.equal(await runStatus(threadId, running.run_id), "success");
  });

  test("a run scheduled with after_seconds is pending and makes reject answer 409", within(30_000, pythonBehaviour("422 text/plain")), async () => {
    const threadId = await newThread();
    const delayed = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, after_seconds: 30 });
    try {
      assert.equal(delayed.status, "pending");

      const response = await postJson(`/threads/${threadId}/runs/wait`,
        { assistant_id: "slow", input: { ms: 20 }, multitask_strategy: "reject" });

      await expectJsonError(assert, response, 409);
      assert.equal(await runStatus(threadId, delayed.run_id), "pending");
    } finally {
      await cleanup(threadId, [delayed.run_id]);
    }
  });
});

describe("multitask_strategy enqueue", () => {
  test("runs queued behind a running run start pending and execute FIFO after it", within(40_000), async () => {
    const threadId = await newThread();
    const first = await startSlowRun(threadId, 1200);

    const second = await createRun(threadId, { assistant_id: "slow", input: { ms: 30 }, multitask_strategy: "enqueue" });
    const third = await createRun(threadId, { assistant_id: "slow", input: { ms: 20 }, multitask_strategy: "enqueue" });
    assert.equal(second.status, "pending");
    assert.equal(third.status, "pending");

    const result = await client.runs.join(threadId, third.run_id, { signal: callLimit() });

    assert.deepEqual(result, { ms: 20, done: true });
    for (const run of [first, second, third]) assert.equal(await runStatus(threadId, run.run_id), "success");
    assert.deepEqual(await executedInputs(threadId), [1200, 30, 20]);
  });

  test("runs.wait with enqueue on a busy thread waits for the earlier run, then returns its own result", within(40_000), async () => {
    const threadId = await newThread();
    const first = await startSlowRun(threadId, 1000);

    const result = await client.runs.wait(threadId, "slow",
      { input: { ms: 10 }, multitaskStrategy: "enqueue", signal: callLimit() });

    assert.deepEqual(result, { ms: 10, done: true });
    assert.equal(await runStatus(threadId, first.run_id), "success");
    assert.deepEqual(await executedInputs(threadId), [1000, 10]);
  });

  test("enqueue is the default strategy", within(40_000, pythonBehaviour("the default is reject")), async () => {
    const threadId = await newThread();
    await startSlowRun(threadId, 800);

    const second = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 } });

    assert.equal(second.status, "pending");
    assert.equal(second.multitask_strategy, "enqueue");
    assert.deepEqual(await client.runs.join(threadId, second.run_id, { signal: callLimit() }), { ms: 10, done: true });
  });
});

describe("multitask_strategy interrupt", () => {
  test("cancels the running run (interrupted, progress kept) and the new run continues from the latest checkpoint",
    within(40_000, pythonBehaviour("the first run ends as error, not interrupted")), async () => {
      const threadId = await newThread();
      const first = await startSlowRun(threadId, LONG_MS);
      try {
        const result = await client.runs.wait(threadId, "slow",
          { input: { ms: 10 }, multitaskStrategy: "interrupt", signal: callLimit() });

        assert.deepEqual(result, { ms: 10, done: true });
        assert.equal(await runStatus(threadId, first.run_id), "interrupted");
        const states = await history(threadId);
        assert.ok(states.some((state) => state.values.ms === LONG_MS),
          `the interrupted run's checkpoints stay in history: ${JSON.stringify(states.map((s) => s.values))}`);
        assertSingleChain(states);
        assert.equal((await client.threads.get(threadId)).status, "idle");
      } finally {
        await cleanup(threadId, [first.run_id]);
      }
    });

  test("a pending run is cancelled without executing", within(40_000, pythonBehaviour("the running run ends as error")), async () => {
    const threadId = await newThread();
    const running = await startSlowRun(threadId, LONG_MS);
    const pending = await createRun(threadId, { assistant_id: "slow", input: { ms: 4321 }, multitask_strategy: "enqueue" });
    try {
      const result = await client.runs.wait(threadId, "slow",
        { input: { ms: 10 }, multitaskStrategy: "interrupt", signal: callLimit() });

      assert.deepEqual(result, { ms: 10, done: true });
      assert.equal(await runStatus(threadId, pending.run_id), "interrupted");
      assert.equal(await runStatus(threadId, running.run_id), "interrupted");
      assert.ok(!(await executedInputs(threadId)).includes(4321), "the pending run never executed");
    } finally {
      await cleanup(threadId, [running.run_id, pending.run_id]);
    }
  });

  test("the interrupting background run is returned pending and ends success", within(40_000), async () => {
    const threadId = await newThread();
    const first = await startSlowRun(threadId, LONG_MS);
    try {
      const second = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, multitask_strategy: "interrupt" });

      assert.equal(second.multitask_strategy, "interrupt");
      assert.deepEqual(await client.runs.join(threadId, second.run_id, { signal: callLimit() }), { ms: 10, done: true });
      assert.equal(await runStatus(threadId, second.run_id), "success");
      assert.notEqual(await runStatus(threadId, first.run_id), "success");
    } finally {
      await cleanup(threadId, [first.run_id]);
    }
  });
});

describe("waiters on a cancelled run are released", () => {
  test("join on a run that another run interrupts returns instead of hanging", within(40_000), async () => {
    const threadId = await newThread();
    const first = await startSlowRun(threadId, LONG_MS);
    try {
      const joined = client.runs.join(threadId, first.run_id, { signal: callLimit() });

      await client.runs.wait(threadId, "slow", { input: { ms: 10 }, multitaskStrategy: "interrupt", signal: callLimit() });

      const body = await joined;
      assert.equal(typeof body, "object", `join answered ${JSON.stringify(body)}`);
      assert.notDeepEqual(body, { ms: LONG_MS, done: true }, "the interrupted run did not complete");
    } finally {
      await cleanup(threadId, [first.run_id]);
    }
  });

  test("join on a run that another run rolls back returns instead of hanging", within(40_000), async () => {
    const threadId = await newThread();
    const first = await startSlowRun(threadId, LONG_MS);
    try {
      const joined = getJson(`/threads/${threadId}/runs/${first.run_id}/join`);

      await client.runs.wait(threadId, "slow", { input: { ms: 10 }, multitaskStrategy: "rollback", signal: callLimit() });

      const { status, text } = await joined;
      assert.ok([200, 404].includes(status), `join answered ${status}: ${text}`);
    } finally {
      await cleanup(threadId, [first.run_id]);
    }
  });
});

describe("multitask_strategy rollback", () => {
  test("deletes the running run and its checkpoints: GET on it is 404 and the thread looks as if it never ran",
    within(40_000, pythonBehaviour("the running run ends as error and is not deleted")), async () => {
      const threadId = await newThread();
      const first = await startSlowRun(threadId, LONG_MS);
      try {
        const result = await client.runs.wait(threadId, "slow",
          { input: { ms: 10 }, multitaskStrategy: "rollback", signal: callLimit() });

        assert.deepEqual(result, { ms: 10, done: true });
        await awaitRunStatus(threadId, first.run_id, ["gone"]);
        const runs = await client.runs.list(threadId);
        assert.deepEqual(runs.map((run) => run.run_id).includes(first.run_id), false);
        const states = await history(threadId);
        assert.ok(states.every((state) => state.values.ms !== LONG_MS),
          `the rolled-back run's checkpoints are deleted: ${JSON.stringify(states.map((s) => s.values))}`);
        assert.deepEqual(await executedInputs(threadId), [10]);
      } finally {
        await cleanup(threadId, [first.run_id]);
      }
    });

  test("deletes a pending run without executing it", within(40_000, pythonBehaviour("the running run is kept as error")), async () => {
    const threadId = await newThread();
    const running = await startSlowRun(threadId, LONG_MS);
    const pending = await createRun(threadId, { assistant_id: "slow", input: { ms: 4321 }, multitask_strategy: "enqueue" });
    try {
      const result = await client.runs.wait(threadId, "slow",
        { input: { ms: 10 }, multitaskStrategy: "rollback", signal: callLimit() });

      assert.deepEqual(result, { ms: 10, done: true });
      assert.equal(await runStatus(threadId, pending.run_id), "gone");
      await awaitRunStatus(threadId, running.run_id, ["gone"]);
      assert.deepEqual(await executedInputs(threadId), [10]);
      assert.equal((await client.runs.list(threadId)).length, 1);
    } finally {
      await cleanup(threadId, [running.run_id, pending.run_id]);
    }
  });

  test("rollback of a run scheduled with after_seconds deletes it before it ever starts", within(30_000), async () => {
    const threadId = await newThread();
    const delayed = await createRun(threadId, { assistant_id: "slow", input: { ms: 4321 }, after_seconds: 30 });
    try {
      const result = await client.runs.wait(threadId, "slow",
        { input: { ms: 10 }, multitaskStrategy: "rollback", signal: callLimit() });

      assert.deepEqual(result, { ms: 10, done: true });
      const { status } = await getJson(`/threads/${threadId}/runs/${delayed.run_id}`);
      assert.equal(status, 404);
    } finally {
      await cleanup(threadId, [delayed.run_id]);
    }
  });
});
