// Human in the loop: static breakpoints (interrupt_before / interrupt_after), dynamic interrupts (hitl graph), and
// resuming with input null or a Command (resume, update, goto, alone or combined). Expected values: the anchor
// README "Resume and control" table; where the anchor and the Python server differ, the Python server's.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { callLimit, pythonBehaviour, requireServer, runStatus, sdk, within } from "../lib/server.mjs";

const client = sdk();

before(requireServer);

async function newThread() {
  return (await client.threads.create()).thread_id;
}

/** runs.wait that also returns the run id (from Content-Location, through onRunCreated). */
async function waitWithRun(threadId, assistantId, payload) {
  let runId;
  const result = await client.runs.wait(threadId, assistantId, {
    ...payload,
    signal: callLimit(),
    onRunCreated: (meta) => { runId = meta.run_id; },
  });
  return { result, runId };
}

/** A counter thread paused before node b: count 1, log [a]. */
async function counterPausedBeforeB() {
  const threadId = await newThread();
  await client.runs.wait(threadId, "counter", { input: {}, interruptBefore: ["b"], signal: callLimit() });
  return threadId;
}

/** A hitl thread paused in node ask with the given question; returns the thread id and the interrupt. */
async function hitlPaused(question) {
  const threadId = await newThread();
  const paused = await client.runs.wait(threadId, "hitl", { input: { question }, signal: callLimit() });
  assert.ok(Array.isArray(paused.__interrupt__) && paused.__interrupt__.length === 1,
    `expected one interrupt, got ${JSON.stringify(paused)}`);
  return { threadId, interrupt: paused.__interrupt__[0] };
}

const withStaticPauseBody = pythonBehaviour("runs/wait answers {__interrupt__: []} at a static breakpoint");

describe("static breakpoints", () => {
  test("interrupt_before [b]: the run succeeds, the thread is interrupted with next [b]", within(20_000), async () => {
    const threadId = await newThread();

    const { runId } = await waitWithRun(threadId, "counter", { input: {}, interruptBefore: ["b"] });

    assert.equal(await runStatus(threadId, runId), "success");
    const thread = await client.threads.get(threadId);
    assert.equal(thread.status, "interrupted");
    const state = await client.threads.getState(threadId);
    assert.deepEqual(state.next, ["b"]);
    assert.deepEqual(state.values, { count: 1, log: ["a"] });
  });

  test("interrupt_before [b]: runs/wait returns the last values (a static pause has no interrupt payload)",
    within(20_000, withStaticPauseBody), async () => {
      const { result } = await waitWithRun(await newThread(), "counter", { input: {}, interruptBefore: ["b"] });

      assert.deepEqual(result, { count: 1, log: ["a"] });
    });

  test("interrupt_after [a]: paused after a with next [b]", within(20_000), async () => {
    const threadId = await newThread();

    const { runId } = await waitWithRun(threadId, "counter", { input: {}, interruptAfter: ["a"] });

    assert.equal(await runStatus(threadId, runId), "success");
    assert.equal((await client.threads.get(threadId)).status, "interrupted");
    const state = await client.threads.getState(threadId);
    assert.deepEqual(state.next, ["b"]);
    assert.deepEqual(state.values, { count: 1, log: ["a"] });
  });

  test("interrupt_before \"*\": paused before the first node", within(20_000), async () => {
    const threadId = await newThread();

    await waitWithRun(threadId, "counter", { input: {}, interruptBefore: "*" });

    assert.equal((await client.threads.get(threadId)).status, "interrupted");
    assert.deepEqual((await client.threads.getState(threadId)).next, ["a"]);
  });

  test("interrupt_after \"*\": paused after every node (first after a)", within(20_000), async () => {
    const threadId = await newThread();

    await waitWithRun(threadId, "counter", { input: {}, interruptAfter: "*" });
    assert.deepEqual((await client.threads.getState(threadId)).next, ["b"]);
    await client.runs.wait(threadId, "counter", { input: null, interruptAfter: "*", signal: callLimit() });

    const state = await client.threads.getState(threadId);
    assert.deepEqual(state.values, { count: 2, log: ["a", "b"] });
    assert.deepEqual(state.next, []);
  });

  test("an unknown node name in interrupt_before is accepted and never pauses", within(20_000), async () => {
    const threadId = await newThread();

    const { result } = await waitWithRun(threadId, "counter", { input: {}, interruptBefore: ["zzz"] });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
    assert.equal((await client.threads.get(threadId)).status, "idle");
  });

  test("resuming with input null continues to the end and the thread becomes idle", within(20_000), async () => {
    const threadId = await counterPausedBeforeB();

    const result = await client.runs.wait(threadId, "counter", { input: null, signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
    assert.equal((await client.threads.get(threadId)).status, "idle");
    assert.deepEqual((await client.threads.getState(threadId)).next, []);
  });

  test("resuming with no input field at all also continues", within(20_000), async () => {
    const threadId = await counterPausedBeforeB();

    const result = await client.runs.wait(threadId, "counter", { signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
  });

  test("command.resume on a static pause (no dynamic interrupt) also continues", within(20_000), async () => {
    const threadId = await counterPausedBeforeB();

    const result = await client.runs.wait(threadId, "counter", { command: { resume: "go" }, signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["a", "b"] });
  });

  test("new input on a paused thread starts a fresh pass from START on top of the old state", within(20_000), async () => {
    const threadId = await counterPausedBeforeB();

    const result = await client.runs.wait(threadId, "counter", { input: { count: 100 }, signal: callLimit() });

    assert.deepEqual(result, { count: 103, log: ["a", "a", "b"] });
  });
});

describe("dynamic interrupts (hitl)", () => {
  test("the run succeeds, the thread is interrupted and stores the interrupt under its task", within(20_000), async () => {
    const threadId = await newThread();

    const { result, runId } = await waitWithRun(threadId, "hitl", { input: { question: "name?" } });

    assert.deepEqual(result.__interrupt__.map((i) => i.value), [{ question: "name?" }]);
    assert.equal(typeof result.__interrupt__[0].id, "string");
    assert.equal(await runStatus(threadId, runId), "success");
    const thread = await client.threads.get(threadId);
    assert.equal(thread.status, "interrupted");
    const stored = Object.values(thread.interrupts ?? {}).flat();
    assert.deepEqual(stored.map((i) => [i.id, i.value]), [[result.__interrupt__[0].id, { question: "name?" }]]);
    const state = await client.threads.getState(threadId);
    assert.deepEqual(state.next, ["ask"]);
    assert.deepEqual(state.tasks.flatMap((task) => task.interrupts).map((i) => i.value), [{ question: "name?" }]);
  });

  test("command.resume with a value answers it; the thread is idle with no interrupts left", within(20_000), async () => {
    const { threadId } = await hitlPaused("name?");

    const result = await client.runs.wait(threadId, "hitl", { command: { resume: "forty-two" }, signal: callLimit() });

    assert.deepEqual(result, { question: "name?", answer: "forty-two" });
    const thread = await client.threads.get(threadId);
    assert.equal(thread.status, "idle");
    assert.deepEqual(thread.interrupts ?? {}, {});
  });

  test("command.resume as a map of interrupt id to value answers that interrupt", within(20_000), async () => {
    const { threadId, interrupt } = await hitlPaused("q");

    const result = await client.runs.wait(threadId, "hitl",
      { command: { resume: { [interrupt.id]: "by-id" } }, signal: callLimit() });

    assert.deepEqual(result, { question: "q", answer: "by-id" });
  });

  test("input null re-runs the interrupted node, which interrupts again", within(20_000), async () => {
    const { threadId } = await hitlPaused("again?");

    const result = await client.runs.wait(threadId, "hitl", { input: null, signal: callLimit() });

    assert.deepEqual(result.__interrupt__?.map((i) => i.value), [{ question: "again?" }]);
    assert.equal((await client.threads.get(threadId)).status, "interrupted");
  });

  test("command resume combined with update applies the update and answers", within(20_000), async () => {
    const { threadId } = await hitlPaused("name?");

    const result = await client.runs.wait(threadId, "hitl",
      { command: { resume: "r", update: { question: "updated" } }, signal: callLimit() });

    assert.deepEqual(result, { question: "updated", answer: "r" });
  });
});

describe("command goto and update", () => {
  test("goto a node name on a fresh thread runs only that node", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter", { command: { goto: "b" }, signal: callLimit() });

    assert.deepEqual(result, { count: 1, log: ["b"] });
  });

  test("goto {node, input} (a Send) runs that node; the Send input does not enter the state", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter",
      { command: { goto: { node: "b", input: { count: 5 } } }, signal: callLimit() });

    assert.deepEqual(result, { count: 1, log: ["b"] });
  });

  test("goto a list of nodes runs all of them", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter",
      { command: { goto: ["b", { node: "b", input: {} }] }, signal: callLimit() });

    assert.deepEqual(result, { count: 2, log: ["b", "b"] });
  });

  test("goto on a thread paused before b runs both the pending b and the goto target", within(20_000), async () => {
    const threadId = await counterPausedBeforeB();

    const result = await client.runs.wait(threadId, "counter", { command: { goto: "a" }, signal: callLimit() });

    assert.deepEqual(result, { count: 4, log: ["a", "a", "b", "b"] });
  });

  test("update alone on a fresh thread applies the update and runs no node", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter",
      { command: { update: { count: 10, log: ["u"] } }, signal: callLimit() });

    assert.deepEqual(result, { count: 10, log: ["u"] });
  });

  test("update on a thread paused before b is applied, then b runs", within(20_000), async () => {
    const threadId = await counterPausedBeforeB();

    const result = await client.runs.wait(threadId, "counter",
      { command: { update: { count: 10, log: ["u"] } }, signal: callLimit() });

    assert.deepEqual(result, { count: 12, log: ["a", "u", "b"] });
  });

  test("update as a list of [key, value] pairs combined with goto", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter",
      { command: { update: [["count", 7], ["log", ["t"]]], goto: "b" }, signal: callLimit() });

    assert.deepEqual(result, { count: 8, log: ["t", "b"] });
  });

  test("with both input and command, the command wins and the input is ignored", within(20_000), async () => {
    const result = await client.runs.wait(await newThread(), "counter",
      { input: { count: 1 }, command: { update: { count: 100 } }, signal: callLimit() });

    assert.deepEqual(result, { count: 100, log: [] });
  });
});
