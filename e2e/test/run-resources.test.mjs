// Run resources: background create, list, get, join, cancel (single and bulk), delete, and the run status lifecycle.
// Expected behaviour: the Python server (langgraph-api.md §2 "Thread runs", §4).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  TERMINAL_RUN_STATUSES, UUID_PATTERN, awaitRunStatus, awaitThreadStatus, callLimit, createRun, expectJsonErrorOf, getJson,
  history, pollUntil, pythonBehaviour, request, requireServer, runStatus, sdk, startSlowRun, systemAssistantId, within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };
const LONG_MS = 8000;
const ENQUEUE = { multitask_strategy: "enqueue" }; // explicit: the JS server's default is reject
const cancelEndsInError = pythonBehaviour("a cancelled running run ends as error");

before(requireServer);

async function newThread() {
  return (await client.threads.create()).thread_id;
}

/** Runs echo to completion `n` times on the thread, one after the other; returns the run ids, oldest first. */
async function finishedEchoRuns(threadId, n) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const run = await client.runs.create(threadId, "echo", { input: HI });
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });
    ids.push(run.run_id);
  }
  return ids;
}

describe("background runs", () => {
  test("POST /threads/{id}/runs returns the pending Run with Content-Location", within(20_000), async () => {
    const threadId = await newThread();

    const response = await request("POST", `/threads/${threadId}/runs`, { assistant_id: "echo", input: HI });

    assert.equal(response.status, 200, response.text);
    const run = response.body;
    assert.match(run.run_id, UUID_PATTERN);
    assert.equal(run.thread_id, threadId);
    assert.equal(run.assistant_id, systemAssistantId("echo"));
    assert.equal(run.status, "pending");
    for (const field of ["created_at", "updated_at", "metadata", "kwargs", "multitask_strategy"]) {
      assert.ok(field in run, `run has ${field}: ${response.text}`);
    }
    assert.deepEqual(run.kwargs.input, HI);
    assert.equal(response.headers.get("content-location"), `/threads/${threadId}/runs/${run.run_id}`);
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });
  });

  test("a run's kwargs list every option, the defaults of those it did not set included", within(20_000), async () => {
    const threadId = await newThread();
    const created = await request("POST", `/threads/${threadId}/runs`, { assistant_id: "echo", input: HI, durability: "exit" });
    assert.equal(created.status, 200, created.text);
    await client.runs.join(threadId, created.body.run_id, { signal: callLimit() });

    const listed = (await client.runs.list(threadId)).find((run) => run.run_id === created.body.run_id);
    const fetched = await client.runs.get(threadId, created.body.run_id);

    for (const run of [created.body, fetched, listed]) {
      assert.deepEqual(Object.keys(run.kwargs), ["input", "command", "config", "context", "stream_mode",
        "interrupt_before", "interrupt_after", "webhook", "feedback_keys", "temporary", "subgraphs", "resumable",
        "checkpoint_during", "durability", "on_disconnect"], JSON.stringify(run.kwargs));
      assert.equal(run.kwargs.command, null);
      assert.deepEqual(run.kwargs.context, {});
      assert.deepEqual(run.kwargs.stream_mode, ["values"]);
      assert.equal(run.kwargs.interrupt_before, null);
      assert.equal(run.kwargs.webhook, null);
      assert.equal(run.kwargs.temporary, false);
      assert.equal(run.kwargs.subgraphs, false);
      assert.equal(run.kwargs.checkpoint_during, true);
      assert.equal(run.kwargs.durability, "exit", "an option the run set");
      assert.equal(run.kwargs.on_disconnect, "continue");
    }
  });

  test("the SDK's runs.create reports the run through onRunCreated", within(20_000), async () => {
    const threadId = await newThread();
    let created;

    const run = await client.runs.create(threadId, "echo", { input: HI, onRunCreated: (meta) => { created = meta; } });

    assert.deepEqual(created, { run_id: run.run_id, thread_id: threadId });
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });
  });

  test("creating a run on an unknown thread is a 404", within(20_000, pythonBehaviour("422 multitask message")), async () => {
    const response = await request("POST", `/threads/${randomUUID()}/runs`, { assistant_id: "echo", input: HI });

    await expectJsonErrorOf(assert, response, 404);
  });
});

describe("status lifecycle", () => {
  test("pending -> running -> success for a run queued behind another", within(30_000), async () => {
    const threadId = await newThread();
    await startSlowRun(threadId, 800);

    const queued = await createRun(threadId, { assistant_id: "slow", input: { ms: 1500 }, ...ENQUEUE });

    assert.equal(queued.status, "pending");
    assert.equal(await awaitRunStatus(threadId, queued.run_id, ["running"]), "running");
    assert.equal((await client.threads.get(threadId)).status, "busy");
    assert.equal(await awaitRunStatus(threadId, queued.run_id, TERMINAL_RUN_STATUSES), "success");
  });

  test("a graph that raises ends in error", within(20_000), async () => {
    const threadId = await newThread();

    const run = await client.runs.create(threadId, "fail", { input: { x: 1 } });

    assert.equal(await awaitRunStatus(threadId, run.run_id, TERMINAL_RUN_STATUSES), "error");
  });

  test("a cancelled run ends interrupted", within(30_000, cancelEndsInError), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, LONG_MS);

    await client.runs.cancel(threadId, run.run_id);

    assert.equal(await awaitRunStatus(threadId, run.run_id, TERMINAL_RUN_STATUSES), "interrupted");
  });
});

describe("list and get", () => {
  test("runs.list is newest first", within(30_000, pythonBehaviour("oldest first")), async () => {
    const threadId = await newThread();
    const ids = await finishedEchoRuns(threadId, 3);

    const runs = await client.runs.list(threadId);

    assert.deepEqual(runs.map((run) => run.run_id), [...ids].reverse());
  });

  test("limit and offset page through the newest-first list", within(30_000, pythonBehaviour("oldest first")), async () => {
    const threadId = await newThread();
    const [oldest, middle, newest] = await finishedEchoRuns(threadId, 3);

    const firstPage = await client.runs.list(threadId, { limit: 2 });
    const secondPage = await client.runs.list(threadId, { limit: 2, offset: 2 });
    const onlyMiddle = await client.runs.list(threadId, { limit: 1, offset: 1 });

    assert.deepEqual(firstPage.map((run) => run.run_id), [newest, middle]);
    assert.deepEqual(secondPage.map((run) => run.run_id), [oldest]);
    assert.deepEqual(onlyMiddle.map((run) => run.run_id), [middle]);
  });

  test("status filters the list", within(30_000, cancelEndsInError), async () => {
    const threadId = await newThread();
    const [done] = await finishedEchoRuns(threadId, 1);
    const cancelled = await startSlowRun(threadId, LONG_MS);
    await client.runs.cancel(threadId, cancelled.run_id);
    await awaitRunStatus(threadId, cancelled.run_id, TERMINAL_RUN_STATUSES);

    const successes = await client.runs.list(threadId, { status: "success" });
    const interrupted = await client.runs.list(threadId, { status: "interrupted" });

    assert.deepEqual(successes.map((run) => run.run_id), [done]);
    assert.deepEqual(interrupted.map((run) => run.run_id), [cancelled.run_id]);
  });

  test("listing the runs of an unknown thread is a 404", within(20_000), async () => {
    await assert.rejects(client.runs.list(randomUUID()), { status: 404 });
  });

  test("get returns the run; an unknown run or a run of another thread is a 404", within(20_000), async () => {
    const threadId = await newThread();
    const [runId] = await finishedEchoRuns(threadId, 1);

    const run = await client.runs.get(threadId, runId);

    assert.equal(run.run_id, runId);
    assert.equal(run.status, "success");
    await assert.rejects(client.runs.get(threadId, randomUUID()), { status: 404 });
    await assert.rejects(client.runs.get(await newThread(), runId), { status: 404 });
  });
});

describe("join", () => {
  test("join blocks until the run ends and returns its values", within(20_000), async () => {
    const threadId = await newThread();
    const run = await createRun(threadId, { assistant_id: "slow", input: { ms: 300 } });

    const result = await client.runs.join(threadId, run.run_id, { signal: callLimit() });

    assert.deepEqual(result, { ms: 300, done: true });
    assert.equal(await runStatus(threadId, run.run_id), "success");
  });

  test("join long after the end returns the same values again", within(20_000), async () => {
    const threadId = await newThread();
    const [runId] = await finishedEchoRuns(threadId, 1);
    await client.threads.get(threadId);

    const first = await client.runs.join(threadId, runId, { signal: callLimit() });
    const again = await client.runs.join(threadId, runId, { signal: callLimit() });

    assert.equal(first.messages.length, 2);
    assert.deepEqual(again, first);
  });

  test("join of a failed run returns __error__", within(20_000), async () => {
    const threadId = await newThread();
    const run = await client.runs.create(threadId, "fail", { input: { x: 1 } });

    const result = await client.runs.join(threadId, run.run_id, { signal: callLimit() });

    assert.equal(typeof result.__error__?.error, "string", JSON.stringify(result));
  });

  test("join of an unknown run is a 404", within(20_000, pythonBehaviour("200 __error__ Run not found")), async () => {
    const threadId = await newThread();

    const response = await getJson(`/threads/${threadId}/runs/${randomUUID()}/join`);

    assert.equal(response.status, 404, response.text);
  });
});

describe("cancel", () => {
  test("without wait: 202 with an empty body, then the run ends interrupted", within(30_000, cancelEndsInError), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, LONG_MS);

    const response = await request("POST", `/threads/${threadId}/runs/${run.run_id}/cancel`);

    assert.equal(response.status, 202);
    assert.equal(response.text, "");
    assert.equal(await awaitRunStatus(threadId, run.run_id, TERMINAL_RUN_STATUSES), "interrupted");
    // The cancelled run's last checkpoint still has `sleep` next, and a user cancel is not an error (§4).
    assert.equal(await awaitThreadStatusNot(threadId, "busy"), "interrupted");
  });

  test("the SDK's cancel (wait=0) answers 202", within(30_000, pythonBehaviour("wait=0 is coerced to true: 204")), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, LONG_MS);

    const response = await request("POST", `/threads/${threadId}/runs/${run.run_id}/cancel?wait=0&action=interrupt`);

    assert.equal(response.status, 202);
    await awaitRunStatus(threadId, run.run_id, TERMINAL_RUN_STATUSES);
  });

  test("with wait=1 the call returns only once the run has ended", within(30_000, cancelEndsInError), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, LONG_MS);

    const response = await request("POST", `/threads/${threadId}/runs/${run.run_id}/cancel?wait=1`);

    assert.ok([200, 204].includes(response.status), `expected 200 or 204, got ${response.status}: ${response.text}`);
    assert.equal(await runStatus(threadId, run.run_id), "interrupted");
  });

  test("with wait=1 the answer is 200 with the run's final output, as join", within(30_000, pythonBehaviour("204, empty")), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, LONG_MS);

    const response = await request("POST", `/threads/${threadId}/runs/${run.run_id}/cancel?wait=1`);

    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(typeof response.body, "object", `a JSON body: ${response.text}`);
  });

  test("cancelling a finished run is a 404", within(20_000, pythonBehaviour("204 no-op")), async () => {
    const threadId = await newThread();
    const [runId] = await finishedEchoRuns(threadId, 1);

    const response = await request("POST", `/threads/${threadId}/runs/${runId}/cancel`);

    await expectJsonErrorOf(assert, response, 404);
    assert.equal(await runStatus(threadId, runId), "success");
  });

  test("cancelling an unknown run is a 404", within(20_000, pythonBehaviour("404 text/plain")), async () => {
    const threadId = await newThread();

    const response = await request("POST", `/threads/${threadId}/runs/${randomUUID()}/cancel`);

    await expectJsonErrorOf(assert, response, 404);
  });

  test("action=rollback deletes the run and its checkpoints", within(30_000, pythonBehaviour("the running run is kept as error")), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, LONG_MS);

    await client.runs.cancel(threadId, run.run_id, false, "rollback");

    assert.equal(await awaitRunStatus(threadId, run.run_id, ["gone"]), "gone");
    const states = await history(threadId);
    assert.ok(states.every((state) => state.values?.ms !== LONG_MS), `checkpoints deleted: ${JSON.stringify(states)}`);
    assert.equal(await awaitThreadStatusNot(threadId, "busy"), "idle");
  });

  test("action=rollback of a pending run deletes it", within(30_000), async () => {
    const threadId = await newThread();
    await startSlowRun(threadId, 1500);
    const pending = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, ...ENQUEUE });

    await client.runs.cancel(threadId, pending.run_id, false, "rollback");

    assert.equal(await awaitRunStatus(threadId, pending.run_id, ["gone"]), "gone");
  });

  test("interrupt of a pending run marks it interrupted without running it", within(30_000), async () => {
    const threadId = await newThread();
    const running = await startSlowRun(threadId, 1500);
    const pending = await createRun(threadId, { assistant_id: "slow", input: { ms: 4321 }, ...ENQUEUE });

    await client.runs.cancel(threadId, pending.run_id);

    assert.equal(await awaitRunStatus(threadId, pending.run_id, TERMINAL_RUN_STATUSES), "interrupted");
    await client.runs.join(threadId, running.run_id, { signal: callLimit() });
    assert.ok((await history(threadId)).every((state) => state.values?.ms !== 4321));
  });
});

describe("cancelling scheduled runs", () => {
  test("interrupting a run that is only scheduled marks it interrupted and leaves the thread idle", within(30_000), async () => {
    const threadId = await newThread();
    const delayed = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, after_seconds: 60 });
    assert.equal((await client.threads.get(threadId)).status, "busy");

    await client.runs.cancel(threadId, delayed.run_id);

    assert.equal(await awaitRunStatus(threadId, delayed.run_id, TERMINAL_RUN_STATUSES), "interrupted");
    assert.equal(await awaitThreadStatusNot(threadId, "busy"), "idle");
    assert.deepEqual(await history(threadId), [], "it never ran");
  });

  test("cancelling a pending stateless run deletes its temporary thread", within(30_000, pythonBehaviour("no POST /runs/cancel route")), async () => {
    const created = await request("POST", "/runs", { assistant_id: "slow", input: { ms: 10 }, after_seconds: 60 });
    assert.equal(created.status, 200, created.text);
    const run = created.body;

    const response = await request("POST", "/runs/cancel", { thread_id: run.thread_id, run_ids: [run.run_id] });

    assert.equal(response.status, 204, response.text);
    await pollUntil(`temporary thread ${run.thread_id} to be deleted`,
      async () => (await getJson(`/threads/${run.thread_id}`)).status, (status) => status === 404);
  });
});

describe("delete", () => {
  test("DELETE a finished run is 204, then GET is 404", within(20_000), async () => {
    const threadId = await newThread();
    const [runId] = await finishedEchoRuns(threadId, 1);

    const response = await request("DELETE", `/threads/${threadId}/runs/${runId}`);

    assert.equal(response.status, 204);
    assert.equal(response.text, "");
    await assert.rejects(client.runs.get(threadId, runId), { status: 404 });
    assert.deepEqual(await client.runs.list(threadId), []);
  });

  test("DELETE an unknown run is a 404", within(20_000), async () => {
    const threadId = await newThread();

    const response = await request("DELETE", `/threads/${threadId}/runs/${randomUUID()}`);

    assert.equal(response.status, 404);
  });
});

describe("POST /runs/cancel", () => {
  test("thread_id + run_ids cancels those runs: 204", within(30_000, cancelEndsInError), async () => {
    const threadId = await newThread();
    const running = await startSlowRun(threadId, LONG_MS);
    const pending = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, ...ENQUEUE });

    const response = await request("POST", "/runs/cancel", { thread_id: threadId, run_ids: [running.run_id, pending.run_id] });

    assert.equal(response.status, 204, response.text);
    assert.equal(await awaitRunStatus(threadId, running.run_id, TERMINAL_RUN_STATUSES), "interrupted");
    assert.equal(await awaitRunStatus(threadId, pending.run_id, TERMINAL_RUN_STATUSES), "interrupted");
  });

  test("status pending cancels every pending run: 204", within(30_000, pythonBehaviour("404 for the status form")), async () => {
    const threadId = await newThread();
    const delayed = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, after_seconds: 60 });
    assert.equal(delayed.status, "pending");

    const response = await request("POST", "/runs/cancel", { status: "pending" });

    assert.equal(response.status, 204, response.text);
    assert.equal(await awaitRunStatus(threadId, delayed.run_id, TERMINAL_RUN_STATUSES), "interrupted");
  });

  test("?action=rollback deletes the listed runs", within(30_000, pythonBehaviour("a rolled-back running run is kept as error")), async () => {
    const threadId = await newThread();
    const running = await startSlowRun(threadId, LONG_MS);

    const response = await request("POST", "/runs/cancel?action=rollback", { thread_id: threadId, run_ids: [running.run_id] });

    assert.equal(response.status, 204, response.text);
    assert.equal(await awaitRunStatus(threadId, running.run_id, ["gone"]), "gone");
  });

  test("mixing status with thread_id/run_ids is a 422", within(20_000, pythonBehaviour("404")), async () => {
    const threadId = await newThread();

    const response = await request("POST", "/runs/cancel", { status: "all", thread_id: threadId, run_ids: [randomUUID()] });

    assert.equal(response.status, 422, response.text);
  });
});

/** Polls until the thread has left `status` (e.g. busy) and returns the status it settled in. */
function awaitThreadStatusNot(threadId, status) {
  return awaitThreadStatus(threadId, ["idle", "busy", "interrupted", "error", "gone"].filter((s) => s !== status));
}
