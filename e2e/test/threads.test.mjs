// Threads: create, get, getState; unknown ids.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { BASE_URL, UUID_PATTERN, expectJsonError, pythonBehaviour, requireServer, sdk } from "../lib/server.mjs";

const client = sdk();

before(requireServer);

describe("threads", () => {
  test("create returns a new idle thread with a UUID id", async () => {
    const thread = await client.threads.create();

    assert.match(thread.thread_id, UUID_PATTERN);
    assert.equal(thread.status, "idle");
    assert.deepEqual(thread.metadata, {});
  });

  test("create keeps the given id and metadata, and get returns the same thread", async () => {
    const threadId = randomUUID();
    const created = await client.threads.create({ threadId, metadata: { owner: "e2e" } });

    const fetched = await client.threads.get(threadId);

    assert.equal(created.thread_id, threadId);
    assert.equal(fetched.thread_id, threadId);
    assert.equal(fetched.metadata.owner, "e2e");
    assert.equal(fetched.status, "idle");
  });

  test("creating an existing thread id again is a 409", async () => {
    const { thread_id: threadId } = await client.threads.create();

    await assert.rejects(client.threads.create({ threadId }), { status: 409 });
  });

  test("getState of a fresh thread has empty values and nothing next", async () => {
    const { thread_id: threadId } = await client.threads.create();

    const state = await client.threads.getState(threadId);

    assert.deepEqual(state.values, {});
    assert.deepEqual(state.next, []);
  });

  test("get of an unknown thread is a 404", async () => {
    await assert.rejects(client.threads.get(randomUUID()), { status: 404 });
  });

  test("get of an unknown thread is a 404 with a JSON {detail} body", pythonBehaviour("404 text/plain body"), async () => {
    const response = await fetch(`${BASE_URL}/threads/${randomUUID()}`);

    await expectJsonError(assert, response, 404);
  });
});
