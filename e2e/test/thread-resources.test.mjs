// Thread resources: PATCH (metadata merge), DELETE, search (filters, paging, sort, X-Pagination-* headers), state
// updates (as_node; 409 while busy), history (GET and POST), and the thread status transitions.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  TERMINAL_RUN_STATUSES, awaitRunStatus, awaitThreadStatus, callLimit, createRun, expectJsonErrorOf, getJson,
  pythonBehaviour, request, requireServer, sdk, startSlowRun, systemAssistantId, within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };

before(requireServer);

async function newThread(metadata) {
  return (await client.threads.create({ metadata })).thread_id;
}

/** A counter thread that ran a then b: 4 checkpoints, values {count: 2, log: [a, b]}. */
async function finishedCounter() {
  const threadId = await newThread();
  await client.runs.wait(threadId, "counter", { input: {}, signal: callLimit() });
  return threadId;
}

describe("thread metadata", () => {
  test("a run on an existing thread merges graph_id and assistant_id into the thread's metadata", within(20_000), async () => {
    const threadId = await newThread({ owner: "e2e" });

    await client.runs.wait(threadId, "counter", { input: {}, signal: callLimit() });

    const thread = await client.threads.get(threadId);
    assert.deepEqual(thread.metadata, { owner: "e2e", graph_id: "counter", assistant_id: systemAssistantId("counter") });
  });
});

const textErrors = pythonBehaviour("text/plain error bodies");

describe("PATCH /threads/{id}", () => {
  test("merges the given metadata into the existing metadata and returns the thread", within(20_000), async () => {
    const threadId = await newThread({ a: 1, keep: "x" });

    const updated = await client.threads.update(threadId, { metadata: { a: 3, b: 2 } });

    assert.equal(updated.thread_id, threadId);
    assert.deepEqual({ a: updated.metadata.a, b: updated.metadata.b, keep: updated.metadata.keep }, { a: 3, b: 2, keep: "x" });
    const fetched = await client.threads.get(threadId);
    assert.deepEqual({ a: fetched.metadata.a, b: fetched.metadata.b, keep: fetched.metadata.keep }, { a: 3, b: 2, keep: "x" });
  });

  test("an unknown thread is a 404", within(20_000, textErrors), async () => {
    const response = await request("PATCH", `/threads/${randomUUID()}`, { metadata: { a: 1 } });

    await expectJsonErrorOf(assert, response, 404);
  });
});

describe("DELETE /threads/{id}", () => {
  test("204, then the thread, its state and its runs are gone", within(20_000), async () => {
    const threadId = await newThread();
    const run = await client.runs.create(threadId, "echo", { input: HI });
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });

    const response = await request("DELETE", `/threads/${threadId}`);

    assert.equal(response.status, 204);
    assert.equal(response.text, "");
    await assert.rejects(client.threads.get(threadId), { status: 404 });
    await assert.rejects(client.threads.getState(threadId), { status: 404 });
    await assert.rejects(client.runs.list(threadId), { status: 404 });
    await assert.rejects(client.runs.get(threadId, run.run_id), { status: 404 });
  });

  test("an unknown thread is a 404", within(20_000, textErrors), async () => {
    const response = await request("DELETE", `/threads/${randomUUID()}`);

    await expectJsonErrorOf(assert, response, 404);
  });

  test("the id can be reused for a new thread afterwards, which starts empty", within(20_000), async () => {
    const threadId = await finishedCounter();
    await client.threads.delete(threadId);

    await client.threads.create({ threadId });

    assert.deepEqual((await client.threads.getState(threadId)).values, {});
    assert.deepEqual(await client.runs.list(threadId), []);
  });
});

describe("POST /threads/search", () => {
  /** Three threads tagged with a fresh suite id: t0 idle with counter values, t1 interrupted (hitl), t2 error (fail). */
  async function taggedThreads() {
    const suite = randomUUID();
    const ids = [];
    for (let idx = 0; idx < 3; idx++) ids.push(await newThread({ suite, idx }));
    await client.runs.wait(ids[0], "counter", { input: {}, signal: callLimit() });
    await client.runs.wait(ids[1], "hitl", { input: { question: "q" }, signal: callLimit() });
    await client.runs.wait(ids[2], "fail", { input: { x: 1 }, raiseError: false, signal: callLimit() });
    return { suite, ids };
  }

  test("filters by metadata containment", within(30_000), async () => {
    const { suite, ids } = await taggedThreads();

    const all = await client.threads.search({ metadata: { suite } });
    const one = await client.threads.search({ metadata: { suite, idx: 1 } });

    assert.deepEqual(all.map((t) => t.thread_id).sort(), [...ids].sort());
    assert.deepEqual(one.map((t) => t.thread_id), [ids[1]]);
  });

  test("filters by values containment", within(30_000), async () => {
    const { suite, ids } = await taggedThreads();

    const found = await client.threads.search({ metadata: { suite }, values: { count: 2 } });

    assert.deepEqual(found.map((t) => t.thread_id), [ids[0]]);
  });

  test("filters by status", within(30_000), async () => {
    const { suite, ids } = await taggedThreads();

    const byStatus = {};
    for (const status of ["idle", "interrupted", "error", "busy"]) {
      byStatus[status] = (await client.threads.search({ metadata: { suite }, status })).map((t) => t.thread_id);
    }

    assert.deepEqual(byStatus, { idle: [ids[0]], interrupted: [ids[1]], error: [ids[2]], busy: [] });
  });

  test("sorts by created_at in either order and pages with limit/offset", within(30_000), async () => {
    const { suite, ids } = await taggedThreads();

    const asc = await client.threads.search({ metadata: { suite }, sortBy: "created_at", sortOrder: "asc" });
    const desc = await client.threads.search({ metadata: { suite }, sortBy: "created_at", sortOrder: "desc" });
    const page = await client.threads.search({ metadata: { suite }, sortBy: "created_at", sortOrder: "asc", limit: 2, offset: 1 });

    assert.deepEqual(asc.map((t) => t.thread_id), ids);
    assert.deepEqual(desc.map((t) => t.thread_id), [...ids].reverse());
    assert.deepEqual(page.map((t) => t.thread_id), ids.slice(1));
  });

  test("sends X-Pagination-Total, and X-Pagination-Next when there is another page", within(30_000, pythonBehaviour("no X-Pagination-Next")), async () => {
    const { suite } = await taggedThreads();

    const firstPage = await request("POST", "/threads/search", { metadata: { suite }, limit: 2, offset: 0 });
    const lastPage = await request("POST", "/threads/search", { metadata: { suite }, limit: 2, offset: 2 });

    assert.equal(firstPage.body.length, 2);
    assert.equal(firstPage.headers.get("x-pagination-total"), "3");
    assert.equal(firstPage.headers.get("x-pagination-next"), "2");
    assert.equal(lastPage.body.length, 1);
    assert.equal(lastPage.headers.get("x-pagination-total"), "3");
    assert.equal(lastPage.headers.get("x-pagination-next"), null);
  });

  test("filters by ids", within(30_000), async () => {
    const { ids } = await taggedThreads();

    const found = await client.threads.search({ ids: [ids[0], ids[2]] });

    assert.deepEqual(found.map((t) => t.thread_id).sort(), [ids[0], ids[2]].sort());
  });
});

describe("POST /threads/{id}/state", () => {
  test("updates as a node: its reducers apply and the graph continues from that node", within(20_000), async () => {
    const threadId = await finishedCounter();

    const response = await client.threads.updateState(threadId, { values: { count: 5 }, asNode: "a" });

    assert.equal(typeof response.checkpoint?.checkpoint_id, "string", JSON.stringify(response));
    const state = await client.threads.getState(threadId);
    assert.equal(state.checkpoint.checkpoint_id, response.checkpoint.checkpoint_id);
    assert.deepEqual(state.values, { count: 7, log: ["a", "b"] });
    assert.deepEqual(state.next, ["b"]);
    const resumed = await client.runs.wait(threadId, "counter", { input: null, signal: callLimit() });
    assert.deepEqual(resumed, { count: 8, log: ["a", "b", "b"] });
  });

  test("answers a paused hitl thread's question by updating as the interrupted node", within(20_000), async () => {
    const threadId = await newThread();
    await client.runs.wait(threadId, "hitl", { input: { question: "q" }, signal: callLimit() });

    await client.threads.updateState(threadId, { values: { answer: "typed" }, asNode: "ask" });

    const state = await client.threads.getState(threadId);
    assert.deepEqual(state.values, { question: "q", answer: "typed" });
    assert.deepEqual(state.next, []);
  });

  test("works before any run on a thread created with the SDK's graphId", within(20_000), async () => {
    const { thread_id: threadId } = await client.threads.create({ graphId: "counter" });

    await client.threads.updateState(threadId, { values: { count: 5 }, asNode: "a" });

    const state = await client.threads.getState(threadId);
    assert.deepEqual(state.values, { count: 5, log: [] });
    assert.deepEqual(state.next, ["b"]);
    const resumed = await client.runs.wait(threadId, "counter", { input: null, signal: callLimit() });
    assert.deepEqual(resumed, { count: 6, log: ["b"] });
  });

  test("is a 400 on a thread that has no graph (never ran, no graph_id)", within(20_000, textErrors), async () => {
    const threadId = await newThread();

    const response = await request("POST", `/threads/${threadId}/state`, { values: { count: 1 } });

    await expectJsonErrorOf(assert, response, 400);
  });

  test("is a 409 while a run is running", within(30_000, textErrors), async () => {
    const threadId = await newThread();
    const run = await startSlowRun(threadId, 1500);

    const response = await request("POST", `/threads/${threadId}/state`, { values: { ms: 1 } });

    const detail = await expectJsonErrorOf(assert, response, 409);
    assert.match(detail, /busy/i);
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });
  });

  test("is a 409 while a run is pending", within(30_000, textErrors), async () => {
    const threadId = await newThread();
    const delayed = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, after_seconds: 30 });
    try {
      const response = await request("POST", `/threads/${threadId}/state`, { values: { ms: 1 } });

      await expectJsonErrorOf(assert, response, 409);
    } finally {
      await request("POST", `/threads/${threadId}/runs/${delayed.run_id}/cancel`);
    }
  });

  test("an unknown thread is a 404", within(20_000, textErrors), async () => {
    const response = await request("POST", `/threads/${randomUUID()}/state`, { values: { a: 1 } });

    await expectJsonErrorOf(assert, response, 404);
  });
});

describe("history", () => {
  test("GET history returns one entry by default (newest)", within(20_000, pythonBehaviour("default limit 10")), async () => {
    const threadId = await finishedCounter();

    const response = await getJson(`/threads/${threadId}/history`);

    assert.equal(response.status, 200);
    assert.equal(response.body.length, 1);
    assert.deepEqual(response.body[0].values, { count: 2, log: ["a", "b"] });
  });

  test("POST history without a limit returns one entry (newest)", within(20_000, pythonBehaviour("default limit 10")), async () => {
    const threadId = await finishedCounter();

    const response = await request("POST", `/threads/${threadId}/history`, {});

    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.length, 1);
  });

  test("GET history ?limit and ?before page back through the checkpoints", within(20_000), async () => {
    const threadId = await finishedCounter();

    const all = (await getJson(`/threads/${threadId}/history?limit=10`)).body;
    const older = (await getJson(`/threads/${threadId}/history?limit=10&before=${all[1].checkpoint.checkpoint_id}`)).body;

    assert.deepEqual(all.map((s) => s.metadata.step), [2, 1, 0, -1]);
    assert.deepEqual(older.map((s) => s.checkpoint.checkpoint_id), all.slice(2).map((s) => s.checkpoint.checkpoint_id));
  });

  test("POST history takes limit, before (a checkpoint id) and a metadata filter", within(20_000), async () => {
    const threadId = await finishedCounter();

    const all = await client.threads.getHistory(threadId, { limit: 10 });
    const two = await client.threads.getHistory(threadId, { limit: 2 });
    const older = (await request("POST", `/threads/${threadId}/history`,
      { limit: 10, before: all[0].checkpoint.checkpoint_id })).body;
    const inputs = await client.threads.getHistory(threadId, { limit: 10, metadata: { source: "input" } });

    assert.equal(all.length, 4);
    assert.deepEqual(two.map((s) => s.checkpoint.checkpoint_id), all.slice(0, 2).map((s) => s.checkpoint.checkpoint_id));
    assert.deepEqual(older.map((s) => s.checkpoint.checkpoint_id), all.slice(1).map((s) => s.checkpoint.checkpoint_id));
    assert.deepEqual(inputs.map((s) => s.metadata.step), [-1]);
  });

  test("POST history takes before as the SDK types it, a config {configurable: {checkpoint_id}}",
    within(20_000, pythonBehaviour("400: before must be a string")), async () => {
      const threadId = await finishedCounter();
      const all = await client.threads.getHistory(threadId, { limit: 10 });

      const older = await client.threads.getHistory(threadId,
        { limit: 10, before: { configurable: { checkpoint_id: all[0].checkpoint.checkpoint_id } } });

      assert.deepEqual(older.map((s) => s.checkpoint.checkpoint_id), all.slice(1).map((s) => s.checkpoint.checkpoint_id));
    });

  test("history of an unknown thread is a 404", within(20_000), async () => {
    await assert.rejects(client.threads.getHistory(randomUUID()), { status: 404 });
  });
});

describe("thread status transitions", () => {
  test("idle -> busy while a run is running -> idle after success", within(30_000), async () => {
    const threadId = await newThread();
    assert.equal((await client.threads.get(threadId)).status, "idle");

    const run = await startSlowRun(threadId, 1500);
    assert.equal((await client.threads.get(threadId)).status, "busy");
    await awaitRunStatus(threadId, run.run_id, TERMINAL_RUN_STATUSES);

    assert.equal(await awaitThreadStatus(threadId, ["idle", "interrupted", "error"]), "idle");
  });

  test("busy while a run is only pending (scheduled later)", within(30_000), async () => {
    const threadId = await newThread();
    const delayed = await createRun(threadId, { assistant_id: "slow", input: { ms: 10 }, after_seconds: 30 });
    try {
      assert.equal((await client.threads.get(threadId)).status, "busy");
    } finally {
      await request("POST", `/threads/${threadId}/runs/${delayed.run_id}/cancel`);
    }
  });

  test("busy -> interrupted at a human-in-the-loop pause, -> error after a failure", within(30_000), async () => {
    const paused = await newThread();
    const failed = await newThread();

    await client.runs.wait(paused, "hitl", { input: { question: "q" }, signal: callLimit() });
    await client.runs.wait(failed, "fail", { input: { x: 1 }, raiseError: false, signal: callLimit() });

    assert.equal((await client.threads.get(paused)).status, "interrupted");
    const failedThread = await client.threads.get(failed);
    assert.equal(failedThread.status, "error");
  });

  test("stays busy while more runs are queued, idle after the last", within(30_000), async () => {
    const threadId = await newThread();
    const first = await startSlowRun(threadId, 600);
    const second = await createRun(threadId, { assistant_id: "slow", input: { ms: 1500 }, multitask_strategy: "enqueue" });

    await awaitRunStatus(threadId, first.run_id, TERMINAL_RUN_STATUSES);
    assert.equal((await client.threads.get(threadId)).status, "busy");
    await client.runs.join(threadId, second.run_id, { signal: callLimit() });

    assert.equal(await awaitThreadStatus(threadId, ["idle", "interrupted", "error"]), "idle");
  });
});
