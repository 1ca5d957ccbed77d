// Assistants users create: create, get, update (a new version each time), versions, setLatest, search, count,
// delete, and runs that use a created assistant's graph, config, context and metadata.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  callLimit, expectJsonError, expectJsonErrorOf, postJson, projectRequirement, pythonBehaviour, request, requireServer,
  sdk, systemAssistantId, within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };

before(requireServer);

/** A metadata value no other test (or earlier suite run) uses, so searches and counts are exact. */
function tag() {
  return `crud-${randomUUID()}`;
}

describe("assistants.create", () => {
  test("creates version 1 with the given fields, readable at once", within(10_000), async () => {
    const suite = tag();
    const created = await client.assistants.create({
      graphId: "echo", name: "Echo bot", description: "says it back",
      config: { configurable: { model: "small" } }, context: { tone: "dry" }, metadata: { suite },
    });

    assert.match(created.assistant_id, /^[0-9a-f-]{36}$/);
    assert.equal(created.graph_id, "echo");
    assert.equal(created.version, 1);
    assert.equal(created.name, "Echo bot");
    assert.equal(created.description, "says it back");
    assert.deepEqual(created.config, { configurable: { model: "small" } });
    assert.deepEqual(created.context, { tone: "dry" });
    assert.deepEqual(created.metadata, { suite });
    assert.deepEqual(await client.assistants.get(created.assistant_id), created);
  });

  test("a name defaults to Untitled", within(10_000), async () => {
    assert.equal((await client.assistants.create({ graphId: "echo" })).name, "Untitled");
  });

  test("an existing id is 409 with ifExists raise, and the existing assistant with do_nothing", within(10_000), async () => {
    const assistantId = randomUUID();
    await client.assistants.create({ graphId: "echo", assistantId, name: "first" });

    await assert.rejects(client.assistants.create({ graphId: "echo", assistantId, name: "second" }), { status: 409 });
    const kept = await client.assistants.create({ graphId: "echo", assistantId, name: "second", ifExists: "do_nothing" });
    assert.equal(kept.name, "first");
    assert.equal(kept.version, 1);
  });

  test("an unknown graph is 404, a missing graph_id or a mistyped field 422 naming it",
    within(10_000, projectRequirement("the JS server accepts any graph_id")), async () => {
    await assert.rejects(client.assistants.create({ graphId: "no-such-graph" }), { status: 404 });
    await expectJsonError(assert, await postJson("/assistants", { name: "x" }), 422);
    const response = await postJson("/assistants", { graph_id: "echo", metadata: [1] });
    assert.match(await expectJsonError(assert, response, 422), /^metadata: /);
  });
});

describe("assistants.update, getVersions and setLatest", () => {
  test("each update is the next version and becomes the active one", within(15_000), async () => {
    const { assistant_id: id } = await client.assistants.create({
      graphId: "echo", config: { configurable: { model: "a" } }, metadata: { stage: "dev", owner: "me" },
    });

    const v2 = await client.assistants.update(id, { config: { configurable: { model: "b" } }, metadata: { stage: "prod" } });
    const v3 = await client.assistants.update(id, { name: "renamed" });

    assert.equal(v2.version, 2);
    assert.deepEqual(v2.config, { configurable: { model: "b" } });
    assert.deepEqual(v2.metadata, { stage: "prod", owner: "me" }, "metadata is merged");
    assert.equal(v3.version, 3);
    assert.equal(v3.name, "renamed");
    assert.deepEqual(v3.config, { configurable: { model: "b" } }, "fields not given are kept");
    assert.equal((await client.assistants.get(id)).version, 3);

    const versions = await client.assistants.getVersions(id);
    assert.deepEqual(versions.map((v) => v.version), [3, 2, 1]);
    assert.deepEqual(versions[2].config, { configurable: { model: "a" } });
    assert.deepEqual((await client.assistants.getVersions(id, { metadata: { stage: "dev" } })).map((v) => v.version), [1]);
    assert.deepEqual((await client.assistants.getVersions(id, { limit: 1, offset: 1 })).map((v) => v.version), [2]);
  });

  test("setLatest makes an old version active; the next update numbers after the highest", within(15_000), async () => {
    const { assistant_id: id } = await client.assistants.create({ graphId: "echo", config: { configurable: { model: "a" } } });
    await client.assistants.update(id, { config: { configurable: { model: "b" } } });

    const rolledBack = await client.assistants.setLatest(id, 1);
    assert.equal(rolledBack.version, 1);
    assert.deepEqual(rolledBack.config, { configurable: { model: "a" } });
    assert.equal((await client.assistants.get(id)).version, 1);

    assert.equal((await client.assistants.update(id, { name: "after" })).version, 3);
    await assert.rejects(client.assistants.setLatest(id, 42), { status: 404 });
  });

  test("concurrent updates get distinct, gapless versions", within(20_000), async () => {
    const { assistant_id: id } = await client.assistants.create({ graphId: "echo" });

    const updated = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      client.assistants.update(id, { metadata: { [`k${i}`]: i } })));

    assert.deepEqual(updated.map((a) => a.version).sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual((await client.assistants.getVersions(id, { limit: 100 })).map((v) => v.version),
      [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  test("unknown assistants are 404, non-UUID ids 422", within(10_000), async () => {
    const unknown = randomUUID();
    await assert.rejects(client.assistants.update(unknown, { name: "x" }), { status: 404 });
    await assert.rejects(client.assistants.getVersions(unknown), { status: 404 });
    await assert.rejects(client.assistants.setLatest(unknown, 1), { status: 404 });
    await expectJsonErrorOf(assert, await request("PATCH", "/assistants/not-a-uuid", { name: "x" }), 422);
  });
});

describe("assistants.search and count", () => {
  test("filter by metadata, graph and name; sort; select; page", within(15_000), async () => {
    const suite = tag();
    const echo = await client.assistants.create({ graphId: "echo", name: "Alpha one", metadata: { suite } });
    const counter = await client.assistants.create({ graphId: "counter", name: "Beta two", metadata: { suite } });

    const all = await client.assistants.search({ metadata: { suite }, sortBy: "name", sortOrder: "asc" });
    assert.deepEqual(all.map((a) => a.assistant_id), [echo.assistant_id, counter.assistant_id]);
    assert.deepEqual((await client.assistants.search({ metadata: { suite }, graphId: "counter" })).map((a) => a.name), ["Beta two"]);
    assert.deepEqual((await client.assistants.search({ metadata: { suite }, name: "alpha" })).map((a) => a.name), ["Alpha one"]);
    const selected = await client.assistants.search({ metadata: { suite }, select: ["assistant_id", "version"] });
    assert.deepEqual(Object.keys(selected[0]).sort(), ["assistant_id", "version"]);
    const page = await client.assistants.search({ metadata: { suite }, limit: 1, includePagination: true });
    assert.equal(page.assistants.length, 1);
    assert.equal(page.next, "1");

    assert.equal(await client.assistants.count({ metadata: { suite } }), 2);
    assert.equal(await client.assistants.count({ metadata: { suite }, graphId: "echo" }), 1);
  });
});

describe("assistants.delete", () => {
  test("removes the assistant and its versions", within(15_000), async () => {
    const suite = tag();
    const { assistant_id: id } = await client.assistants.create({ graphId: "echo", metadata: { suite } });
    await client.assistants.update(id, { name: "v2" });

    await client.assistants.delete(id);

    await assert.rejects(client.assistants.get(id), { status: 404 });
    await assert.rejects(client.assistants.getVersions(id), { status: 404 });
    assert.equal(await client.assistants.count({ metadata: { suite } }), 0);
    await assert.rejects(client.assistants.delete(id), { status: 404 });
  });

  test("deleteThreads also deletes the threads created for it; without it they stay",
    within(20_000, pythonBehaviour("the JS server ignores delete_threads")), async () => {
    const threadOf = async (assistantId) => {
      const { thread_id: threadId } = await client.threads.create({ metadata: { assistant_id: assistantId } });
      await client.runs.wait(threadId, assistantId, { input: HI, signal: callLimit() });
      return threadId;
    };
    const doomed = await client.assistants.create({ graphId: "echo" });
    const kept = await client.assistants.create({ graphId: "echo" });
    const doomedThread = await threadOf(doomed.assistant_id);
    const keptThread = await threadOf(kept.assistant_id);

    await client.assistants.delete(doomed.assistant_id, { deleteThreads: true });
    await client.assistants.delete(kept.assistant_id);

    await assert.rejects(client.threads.get(doomedThread), { status: 404 });
    assert.equal((await client.threads.get(keptThread)).thread_id, keptThread);
  });

  test("system assistants cannot be changed (409)",
    within(10_000, projectRequirement("Python and JS let system assistants change; here workers own them")), async () => {
    await assert.rejects(client.assistants.update(systemAssistantId("echo"), { name: "x" }), { status: 409 });
    await assert.rejects(client.assistants.delete(systemAssistantId("echo")), { status: 409 });
  });
});

describe("graph, schemas and subgraphs of a created assistant", () => {
  test("are its graph's", within(10_000), async () => {
    const { assistant_id: id } = await client.assistants.create({ graphId: "counter" });

    assert.deepEqual(await client.assistants.getGraph(id), await client.assistants.getGraph(systemAssistantId("counter")));
    assert.deepEqual(await client.assistants.getGraph(id, { xray: true }), await client.assistants.getGraph(id));
    assert.equal((await client.assistants.getSchemas(id)).graph_id, "counter");
    assert.deepEqual(await client.assistants.getSubgraphs(id), {});
  });
});

describe("runs with a created assistant", () => {
  test("use its graph and merge its config, context and metadata under the run's", within(20_000), async () => {
    const { assistant_id: id } = await client.assistants.create({
      graphId: "echo", config: { tags: ["from-assistant"], configurable: { model: "small", shared: "assistant" } },
      metadata: { team: "blue", shared: "assistant" },
    });
    const { thread_id: threadId } = await client.threads.create();
    let runId;

    const result = await client.runs.wait(threadId, id, {
      input: HI, config: { configurable: { shared: "run" } }, metadata: { shared: "run" }, signal: callLimit(),
      onRunCreated: (meta) => { runId = meta.run_id; },
    });

    assert.equal(result.messages.at(-1).content, "echo: hi");
    const run = await client.runs.get(threadId, runId);
    assert.equal(run.assistant_id, id);
    assert.deepEqual(run.kwargs.config.tags, ["from-assistant"]);
    assert.equal(run.kwargs.config.configurable.model, "small");
    assert.equal(run.kwargs.config.configurable.shared, "run");
    assert.equal(run.kwargs.config.configurable.graph_id, "echo");
    assert.equal(run.metadata.team, "blue");
    assert.equal(run.metadata.shared, "run");
    assert.equal(run.metadata.assistant_id, id);
  });

  test("the assistant's context reaches the run", within(20_000), async () => {
    const { assistant_id: id } = await client.assistants.create({ graphId: "echo", context: { tone: "dry" } });
    const { thread_id: threadId } = await client.threads.create();
    let runId;

    await client.runs.wait(threadId, id, { input: HI, signal: callLimit(), onRunCreated: (m) => { runId = m.run_id; } });

    assert.deepEqual((await client.runs.get(threadId, runId)).kwargs.context, { tone: "dry" });
  });

  test("the active version's config is what the graph runs with", within(20_000), async () => {
    const { assistant_id: id } = await client.assistants.create({ graphId: "counter", config: { recursion_limit: 1 } });

    const failed = await client.runs.wait((await client.threads.create()).thread_id, id,
      { input: {}, raiseError: false, signal: callLimit() });
    assert.equal(failed.__error__?.error, "GraphRecursionError", JSON.stringify(failed));

    await client.assistants.update(id, { config: { recursion_limit: 100 } });
    const finished = await client.runs.wait((await client.threads.create()).thread_id, id,
      { input: {}, raiseError: false, signal: callLimit() });
    assert.equal(finished.__error__, undefined, JSON.stringify(finished));
  });

  test("a deleted assistant can no longer run (404)", within(20_000), async () => {
    const { assistant_id: id } = await client.assistants.create({ graphId: "echo" });
    await client.assistants.delete(id);

    await assert.rejects(client.runs.wait((await client.threads.create()).thread_id, id, { input: HI, signal: callLimit() }),
      { status: 404 });
  });
});
