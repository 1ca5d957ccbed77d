// Streaming: client.runs.stream (thread-bound and stateless), client.runs.joinStream (live, with lastEventId, with a
// stream_mode filter), `stream: true` on runs/wait, every stream mode this server produces, and the SSE wire format
// (event/data/id frames, metadata first, no terminal event, numeric ids that only grow).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BASE_URL, TERMINAL_RUN_STATUSES, awaitRunStatus, callLimit, postJson, pythonBehaviour, requireServer, sdk, within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };

before(requireServer);

/**
 * Options for a test that needs the `chat` example graph (token-by-token answers), which kgraph ships and the
 * reference server's example set does not.
 */
function needsChat() {
  return process.env.E2E_SERVER === "js-anchor" && !process.env.E2E_ANCHOR_HAS_CHAT
    ? { todo: "the reference server's example graphs have no chat graph" } : {};
}

/** Collects every part of an SDK stream. */
async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The parts other than metadata, as [event, data] pairs. */
function events(parts) {
  return parts.filter((p) => p.event !== "metadata").map((p) => [p.event, p.data]);
}

/** Reads an SSE response with plain fetch; returns {status, headers, frames:[{event, data, id}], comments}. */
async function readSse(response) {
  const text = await response.text();
  const frames = [];
  const comments = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (!block.trim()) continue;
    const frame = {};
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(":")) comments.push(line);
      else if (line.startsWith("event:")) frame.event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      else if (line.startsWith("id:")) frame.id = line.slice(3).trim();
    }
    if (data.length) frame.data = JSON.parse(data.join("\n")); // the JS server pretty-prints over several lines
    if (frame.event) frames.push(frame);
  }
  return { status: response.status, headers: response.headers, frames, comments };
}

describe("runs.stream", () => {
  test("default mode values: metadata with the run id first, then the state after each step, then the end",
    within(30_000), async () => {
      const { thread_id: threadId } = await client.threads.create();
      let created;
      const parts = await collect(client.runs.stream(threadId, "echo", {
        input: HI, signal: callLimit(), onRunCreated: (meta) => { created = meta; },
      }));

      assert.equal(parts[0].event, "metadata");
      assert.equal(parts[0].data.run_id, created.run_id);
      assert.equal(parts[0].data.attempt, 1);
      assert.deepEqual(events(parts), [
        ["values", HI],
        ["values", { messages: [...HI.messages, { role: "ai", content: "echo: hi" }] }],
      ]);
      const run = await client.runs.get(threadId, created.run_id);
      assert.equal(run.status, "success");
    });

  test("updates: one event per node, named after it", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: "updates", signal: callLimit(),
    }));
    assert.deepEqual(events(parts), [
      ["updates", { a: { count: 1, log: ["a"] } }],
      ["updates", { b: { count: 1, log: ["b"] } }],
    ]);
  });

  test("several modes at once: each event once per requested mode, in step order", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: ["values", "updates"], signal: callLimit(),
    }));
    const names = events(parts).map(([event]) => event);
    assert.deepEqual(names.filter((n) => n === "updates").length, 2);
    assert.deepEqual(events(parts).filter(([e]) => e === "values").at(-1)[1], { count: 2, log: ["a", "b"] });
    assert.ok(names.indexOf("updates") < names.lastIndexOf("values"));
  });

  test("tasks: a start ({id, name, input, triggers}) and a result ({id, name, result, error}) per task",
    within(30_000), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const parts = await collect(client.runs.stream(threadId, "counter", {
        input: {}, streamMode: "tasks", signal: callLimit(),
      }));
      const tasks = events(parts).map(([, data]) => data);
      assert.equal(tasks.length, 4);
      assert.deepEqual(tasks.map((t) => t.name), ["a", "a", "b", "b"]);
      assert.deepEqual(tasks[0].input, { count: 0, log: [] });
      assert.deepEqual(tasks[0].triggers, ["branch:to:a"]);
      assert.equal(tasks[1].id, tasks[0].id);
      assert.deepEqual(tasks[1].result, { count: 1, log: ["a"] });
      assert.equal(tasks[1].error, null);
    });

  test("checkpoints: every checkpoint with config, values, metadata and next", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: "checkpoints", signal: callLimit(),
    }));
    const checkpoints = events(parts).map(([, data]) => data);
    assert.ok(checkpoints.length >= 3, `got ${checkpoints.length} checkpoints`);
    const last = checkpoints.at(-1);
    assert.deepEqual(last.values, { count: 2, log: ["a", "b"] });
    assert.deepEqual(last.next, []);
    assert.equal(last.config.configurable.thread_id, threadId);
    assert.equal(typeof last.config.configurable.checkpoint_id, "string");
    assert.equal(last.metadata.source, "loop");
    assert.deepEqual(checkpoints[0].next, ["__start__"]);
  });

  test("debug: checkpoint, task and task_result events with step, timestamp and payload", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: "debug", signal: callLimit(),
    }));
    const debug = events(parts).map(([, data]) => data);
    const types = new Set(debug.map((d) => d.type));
    assert.deepEqual([...types].sort(), ["checkpoint", "task", "task_result"]);
    for (const d of debug) {
      assert.equal(typeof d.step, "number");
      assert.ok(!Number.isNaN(Date.parse(d.timestamp)), d.timestamp);
      assert.equal(typeof d.payload, "object");
    }
  });

  test("an interrupt is a values event {__interrupt__} when updates is not requested", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "hitl", {
      input: { question: "name?" }, signal: callLimit(),
    }));
    const [event, data] = events(parts).at(-1);
    assert.equal(event, "values");
    assert.deepEqual(data.__interrupt__.map((i) => i.value), [{ question: "name?" }]);
    assert.equal(typeof data.__interrupt__[0].id, "string");
  });

  test("an interrupt is an updates event {__interrupt__} when updates is requested", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "hitl", {
      input: { question: "name?" }, streamMode: "updates", signal: callLimit(),
    }));
    assert.deepEqual(events(parts).map(([e]) => e), ["updates"]);
    assert.deepEqual(events(parts)[0][1].__interrupt__.map((i) => i.value), [{ question: "name?" }]);
  });

  test("a static breakpoint shows {__interrupt__: []} to updates", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: "updates", interruptBefore: ["b"], signal: callLimit(),
    }));
    assert.deepEqual(events(parts), [["updates", { a: { count: 1, log: ["a"] } }], ["updates", { __interrupt__: [] }]]);
  });

  test("a failing graph ends its stream with an error event {error, message}", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "fail", { input: {}, signal: callLimit() }));
    const [event, data] = events(parts).at(-1);
    assert.equal(event, "error");
    assert.equal(data.message, "boom");
    assert.equal(typeof data.error, "string");
  });

  test("custom: what a node sends through its stream writer", within(30_000, needsChat()), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const parts = await collect(client.runs.stream(threadId, "chat", {
      input: HI, streamMode: "custom", signal: callLimit(),
    }));
    assert.equal(events(parts).length, 1);
    assert.equal(events(parts)[0][0], "custom");
    assert.equal(typeof events(parts)[0][1].tokens, "number");
  });

  test("messages-tuple: the answer's chunks as [chunk, metadata], concatenating to the final message",
    within(30_000, needsChat()), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const parts = await collect(client.runs.stream(threadId, "chat", {
        input: HI, streamMode: "messages-tuple", signal: callLimit(),
      }));
      const chunks = events(parts);
      assert.ok(chunks.length > 1, "the answer comes in several chunks");
      assert.ok(chunks.every(([event, data]) => event === "messages" && data.length === 2));
      assert.equal(chunks.map(([, [chunk]]) => chunk.content).join(""), "You said: hi");
      assert.equal(new Set(chunks.map(([, [chunk]]) => chunk.id)).size, 1);
      assert.equal(chunks[0][1][1].langgraph_node, "chat");
    });

  test("messages: metadata for a new message, growing partials, then the complete message",
    within(30_000, needsChat()), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const parts = await collect(client.runs.stream(threadId, "chat", {
        input: HI, streamMode: "messages", signal: callLimit(),
      }));
      const answer = events(parts).filter(([event, data]) => event !== "messages/complete"
        || data[0].content.startsWith("You said"));
      assert.equal(answer[0][0], "messages/metadata");
      const id = Object.keys(answer[0][1])[0];
      assert.equal(answer[0][1][id].metadata.langgraph_node, "chat");
      const partials = answer.filter(([event]) => event === "messages/partial").map(([, [m]]) => m);
      assert.ok(partials.length > 1);
      assert.ok(partials.every((m) => m.id === id && m.type === "ai"));
      assert.equal(partials.at(-1).content, "You said: hi");
      for (let i = 1; i < partials.length; i++) assert.ok(partials[i].content.startsWith(partials[i - 1].content));
      const [event, [complete]] = answer.at(-1);
      assert.equal(event, "messages/complete");
      assert.equal(complete.id, id);
      assert.equal(complete.content, "You said: hi");
    });

  test("a stream mode the server cannot produce is a 422 naming it, before any stream",
    within(30_000, pythonBehaviour("the JS server streams events (astream_events); kgraph refuses it")),
    async () => {
      const { thread_id: threadId } = await client.threads.create();
      const response = await postJson(`/threads/${threadId}/runs/stream`,
        { assistant_id: "echo", input: HI, stream_mode: ["values", "events"] });
      const text = await response.text();
      assert.equal(response.status, 422, text);
      assert.match(JSON.parse(text).detail, /events/);
    });

  test("the run is created before the 200: an unknown thread is a real 404", within(30_000,
    pythonBehaviour("the JS server answers 422")), async () => {
    const response = await postJson(`/threads/${crypto.randomUUID()}/runs/stream`, { assistant_id: "echo", input: HI });
    await response.text();
    assert.equal(response.status, 404);
  });

  test("multitask_strategy reject on a busy thread is a real 409", within(30_000,
    pythonBehaviour("the JS server answers 422")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const first = await client.runs.create(threadId, "slow", { input: { ms: 3000 } });
    await awaitRunStatus(threadId, first.run_id, ["running", ...TERMINAL_RUN_STATUSES]);
    const response = await postJson(`/threads/${threadId}/runs/stream`,
      { assistant_id: "echo", input: HI, multitask_strategy: "reject" });
    await response.text();
    assert.equal(response.status, 409);
    await client.runs.cancel(threadId, first.run_id);
  });

  test("wire format: text/event-stream, event/data/id frames, numeric ids that only grow, no terminal event",
    within(30_000), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const sse = await readSse(await postJson(`/threads/${threadId}/runs/stream`,
        { assistant_id: "counter", input: {}, stream_mode: ["values", "updates"], stream_resumable: true }));
      assert.equal(sse.status, 200);
      assert.match(sse.headers.get("content-type"), /^text\/event-stream/);
      const runId = sse.frames[0].data.run_id;
      assert.equal(sse.headers.get("content-location"), `/threads/${threadId}/runs/${runId}`);
      assert.deepEqual(sse.frames.map((f) => f.event), ["metadata", "updates", "values", "updates", "values"]);
      const ids = sse.frames.map((f) => f.id);
      assert.ok(ids.every((id) => /^\d+$/.test(id)), `decimal ids: ${ids}`);
      for (let i = 1; i < ids.length; i++) assert.ok(Number(ids[i]) > Number(ids[i - 1]), `ids grow: ${ids}`);
    });

  test("Location names the run's stream, to resume from", within(30_000,
    pythonBehaviour("the JS server sends no Location")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const response = await postJson(`/threads/${threadId}/runs/stream`, { assistant_id: "echo", input: HI });
    const sse = await readSse(response);
    const runId = sse.frames[0].data.run_id;
    assert.equal(response.headers.get("location"), `/threads/${threadId}/runs/${runId}/stream`);
  });
});

describe("stateless runs.stream", () => {
  test("streams the run on a temporary thread: metadata with the run id, then its values", within(30_000), async () => {
    let created;
    const parts = await collect(client.runs.stream(null, "echo", {
      input: HI, signal: callLimit(), onRunCreated: (meta) => { created = meta; },
    }));
    assert.equal(parts[0].event, "metadata");
    assert.equal(parts[0].data.run_id, created.run_id);
    assert.deepEqual(events(parts).at(-1), ["values", { messages: [...HI.messages, { role: "ai", content: "echo: hi" }] }]);
  });

  test("on_completion keep leaves the thread with the run's state", within(30_000), async () => {
    const response = await postJson("/runs/stream", { assistant_id: "echo", input: HI, on_completion: "keep" });
    const sse = await readSse(response);
    assert.equal(sse.status, 200);
    assert.match(response.headers.get("content-location"), /^\/runs\/[0-9a-f-]{36}$/);
    const runId = sse.frames[0].data.run_id;
    const threads = await client.threads.search({ limit: 100, sortBy: "created_at", sortOrder: "desc" });
    const kept = [];
    for (const thread of threads) {
      const runs = await client.runs.list(thread.thread_id, { limit: 10 });
      if (runs.some((r) => r.run_id === runId)) kept.push(thread);
    }
    assert.equal(kept.length, 1, "the run's thread is kept");
    assert.equal((await client.threads.getState(kept[0].thread_id)).values.messages.length, 2);
  });
});

describe("runs.joinStream", () => {
  test("joining a running run delivers its events until it ends", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const run = await client.runs.create(threadId, "slow", { input: { ms: 1500 }, streamResumable: true });
    await awaitRunStatus(threadId, run.run_id, ["running", ...TERMINAL_RUN_STATUSES]);
    const parts = await collect(client.runs.joinStream(threadId, run.run_id, { signal: callLimit() }));
    assert.deepEqual(events(parts).at(-1), ["values", { ms: 1500, done: true }]);
    assert.equal((await client.runs.get(threadId, run.run_id)).status, "success");
  });

  test("joining a background run nobody streamed gets its events from then on", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const run = await client.runs.create(threadId, "slow", { input: { ms: 1500 }, streamMode: ["values", "updates"] });
    await awaitRunStatus(threadId, run.run_id, ["running", ...TERMINAL_RUN_STATUSES]);
    const parts = await collect(client.runs.joinStream(threadId, run.run_id, { signal: callLimit() }));
    assert.deepEqual(events(parts).slice(-2), [["updates", { sleep: { done: true } }], ["values", { ms: 1500, done: true }]]);
  });

  test("joining a run that already ended ends at once, without events", within(30_000), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const run = await client.runs.create(threadId, "echo", { input: HI });
    await client.runs.join(threadId, run.run_id, { signal: callLimit() });
    const parts = await collect(client.runs.joinStream(threadId, run.run_id, { signal: callLimit() }));
    assert.deepEqual(events(parts), []);
  });

  test("with lastEventId, a resumable run's events after that id, exactly once and in order", within(30_000),
    async () => {
      const { thread_id: threadId } = await client.threads.create();
      let created;
      const all = await collect(client.runs.stream(threadId, "counter", {
        input: {}, streamMode: ["values", "updates"], streamResumable: true, signal: callLimit(),
        onRunCreated: (meta) => { created = meta; },
      }));
      assert.equal(all.length, 5);
      const resumed = await collect(client.runs.joinStream(threadId, created.run_id, {
        lastEventId: all[1].id, signal: callLimit(),
      }));
      assert.deepEqual(resumed.map((p) => [p.id, p.event, p.data]), all.slice(2).map((p) => [p.id, p.event, p.data]));
    });

  test("lastEventId -1 replays the whole run", within(30_000,
    pythonBehaviour("the JS server keeps no replay position -1")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    let created;
    const all = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: "updates", streamResumable: true, signal: callLimit(),
      onRunCreated: (meta) => { created = meta; },
    }));
    const replay = await collect(client.runs.joinStream(threadId, created.run_id, {
      lastEventId: "-1", signal: callLimit(),
    }));
    assert.deepEqual(replay.map((p) => [p.event, p.data]), all.map((p) => [p.event, p.data]));
  });

  test("a stream_mode filter keeps only those modes (and metadata)", within(30_000,
    pythonBehaviour("the JS server ignores the filter when resuming")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    let created;
    const all = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: ["values", "updates"], streamResumable: true, signal: callLimit(),
      onRunCreated: (meta) => { created = meta; },
    }));
    const filtered = await collect(client.runs.joinStream(threadId, created.run_id, {
      lastEventId: all[0].id, streamMode: "updates", signal: callLimit(),
    }));
    assert.deepEqual(events(filtered).map(([e]) => e), ["updates", "updates"]);
  });

  test("a stream_mode filter of several modes keeps each of them", within(30_000,
    pythonBehaviour("the JS server ignores the filter when resuming")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    let created;
    const all = await collect(client.runs.stream(threadId, "counter", {
      input: {}, streamMode: ["values", "updates", "debug"], streamResumable: true, signal: callLimit(),
      onRunCreated: (meta) => { created = meta; },
    }));
    // the SDK sends a list of modes as JSON in one query parameter
    const filtered = await collect(client.runs.joinStream(threadId, created.run_id, {
      lastEventId: all[0].id, streamMode: ["values", "updates"], signal: callLimit(),
    }));
    const expected = events(all).map(([e]) => e).filter((e) => e === "values" || e === "updates");
    assert.ok(expected.includes("values") && expected.includes("updates"));
    assert.deepEqual(events(filtered).map(([e]) => e), expected);
  });

  test("a bad Last-Event-ID is a 422", within(30_000, pythonBehaviour("the JS server ignores it")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const run = await client.runs.create(threadId, "echo", { input: HI });
    const response = await fetch(`${BASE_URL}/threads/${threadId}/runs/${run.run_id}/stream`,
      { headers: { "Last-Event-ID": "not-an-id" }, signal: callLimit() });
    await response.text();
    assert.equal(response.status, 422);
  });

  test("joining an unknown run is a 404", within(30_000, pythonBehaviour("the JS server answers 200")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const response = await fetch(`${BASE_URL}/threads/${threadId}/runs/${crypto.randomUUID()}/stream`,
      { signal: callLimit() });
    await response.text();
    assert.equal(response.status, 404);
  });

  test("cancel_on_disconnect: leaving the join cancels the run", within(30_000,
    pythonBehaviour("the JS server's cancelled slow run ends error (its sleep throws)")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const run = await client.runs.create(threadId, "slow", { input: { ms: 10_000 } });
    await awaitRunStatus(threadId, run.run_id, ["running"]);
    const controller = new AbortController();
    const response = await fetch(`${BASE_URL}/threads/${threadId}/runs/${run.run_id}/stream?cancel_on_disconnect=1`,
      { signal: controller.signal });
    assert.equal(response.status, 200);
    const reading = response.text().catch(() => undefined);
    controller.abort();
    await reading;
    assert.equal(await awaitRunStatus(threadId, run.run_id, TERMINAL_RUN_STATUSES, { timeoutMs: 5000 }), "interrupted");
  });
});

describe("on_disconnect on runs/stream", () => {
  test("cancel: the run is cancelled when the client goes away", within(30_000,
    pythonBehaviour("the JS server ignores on_disconnect")), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const controller = new AbortController();
    const response = await fetch(`${BASE_URL}/threads/${threadId}/runs/stream`, {
      method: "POST", headers: { "content-type": "application/json" }, signal: controller.signal,
      body: JSON.stringify({ assistant_id: "slow", input: { ms: 10_000 }, on_disconnect: "cancel" }),
    });
    const runId = /\/runs\/([0-9a-f-]{36})$/.exec(response.headers.get("content-location"))[1];
    await awaitRunStatus(threadId, runId, ["running"]);
    const reading = response.text().catch(() => undefined);
    controller.abort();
    await reading;
    assert.equal(await awaitRunStatus(threadId, runId, TERMINAL_RUN_STATUSES, { timeoutMs: 5000 }), "interrupted");
  });
});

describe("stream: true on runs/wait (Aegra's field)", () => {
  const aegra = pythonBehaviour("the JS server ignores stream and answers JSON");

  test("answers the SSE stream runs/stream would send", within(30_000, aegra), async () => {
    const { thread_id: threadId } = await client.threads.create();
    const response = await postJson(`/threads/${threadId}/runs/wait`,
      { assistant_id: "counter", input: {}, stream: true, stream_mode: "updates" });
    const sse = await readSse(response);
    assert.match(response.headers.get("content-type"), /^text\/event-stream/);
    assert.deepEqual(sse.frames.map((f) => f.event), ["metadata", "updates", "updates"]);
    const runId = sse.frames[0].data.run_id;
    assert.equal(response.headers.get("content-location"), `/threads/${threadId}/runs/${runId}`);
    assert.equal(response.headers.get("location"), `/threads/${threadId}/runs/${runId}/stream`);
  });

  test("stateless too; false keeps the JSON body", within(30_000, aegra), async () => {
    const streamed = await readSse(await postJson("/runs/wait", { assistant_id: "echo", input: HI, stream: true }));
    assert.deepEqual(streamed.frames.map((f) => f.event), ["metadata", "values", "values"]);
    const plain = await postJson("/runs/wait", { assistant_id: "echo", input: HI, stream: false });
    assert.match(plain.headers.get("content-type"), /json/);
    assert.equal(JSON.parse(await plain.text()).messages.length, 2);
  });

  test("a non-boolean stream is a 422", within(30_000, aegra), async () => {
    const response = await postJson("/runs/wait", { assistant_id: "echo", input: HI, stream: "yes" });
    await response.text();
    assert.equal(response.status, 422);
  });
});
