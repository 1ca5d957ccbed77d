// The error convention of the Python server: schema validation is 422, missing things 404, and every error body is
// JSON {"detail": "..."} (the JS SDK parses error bodies as JSON).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { BASE_URL, expectJsonError, postJson, pythonBehaviour, requireServer, sdk } from "../lib/server.mjs";

const client = sdk();

before(requireServer);

async function existingThread() {
  return (await client.threads.create()).thread_id;
}

describe("invalid run bodies", () => {
  test("an unknown multitask_strategy is a 422 naming the field", pythonBehaviour("400 zod issues instead of 422 {detail}"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`,
      { assistant_id: "echo", multitask_strategy: "foo" });

    const detail = await expectJsonError(assert, response, 422);
    assert.match(detail, /multitask_strategy/);
  });

  test("several bad fields are all named in one 422", pythonBehaviour("400 zod issues instead of 422 {detail}"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`,
      { assistant_id: "echo", after_seconds: "2", stream_mode: "bogus", config: "x" });

    const detail = await expectJsonError(assert, response, 422);
    for (const field of ["after_seconds", "stream_mode", "config"]) assert.match(detail, new RegExp(field));
  });

  test("a missing assistant_id is a 422", pythonBehaviour("400 zod issues instead of 422 {detail}"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`, { input: {} });

    const detail = await expectJsonError(assert, response, 422);
    assert.match(detail, /assistant_id/);
  });

  test("a body that is not an object is a 422", pythonBehaviour("400 zod issues instead of 422 {detail}"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`, []);

    await expectJsonError(assert, response, 422);
  });

  test("malformed JSON is a 422", pythonBehaviour("400 text/plain Malformed JSON in request body"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`, '{"assistant_id":');

    await expectJsonError(assert, response, 422);
  });

  test("the SDK surfaces a validation failure as a 422 error", pythonBehaviour("400 zod issues instead of 422 {detail}"), async () => {
    await assert.rejects(
      client.runs.wait(await existingThread(), "echo", { multitaskStrategy: "foo" }), { status: 422 });
  });
});

describe("unknown things", () => {
  test("runs/wait on an unknown thread with the default if_not_exists is a 404", pythonBehaviour("422 text/plain with the multitask-reject message (anchor bug)"), async () => {
    const threadId = randomUUID();
    const response = await postJson(`/threads/${threadId}/runs/wait`, { assistant_id: "echo", input: {} });

    await expectJsonError(assert, response, 404);
    await assert.rejects(client.threads.get(threadId), { status: 404 }, "no thread may be created");
  });

  test("the SDK surfaces an unknown thread as a 404 error", pythonBehaviour("422 with the multitask-reject message (anchor bug)"), async () => {
    await assert.rejects(client.runs.wait(randomUUID(), "echo", { input: {} }), { status: 404 });
  });

  // LangGraph's Python server (langgraph_api get_assistant_id / create_valid_run): an assistant UUID that does not
  // exist is 404 "Thread or assistant not found."; a string that is neither a UUID nor a graph id is 422.
  test("an unknown assistant UUID is a 404", pythonBehaviour("404 text/plain body"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`, { assistant_id: randomUUID() });

    await expectJsonError(assert, response, 404);
  });

  test("an assistant_id that is neither a UUID nor a graph id is a 422", pythonBehaviour("404 text/plain body"), async () => {
    const response = await postJson(`/threads/${await existingThread()}/runs/wait`, { assistant_id: "nope" });

    const detail = await expectJsonError(assert, response, 422);
    assert.match(JSON.stringify(detail), /nope/, "the error names the unknown assistant");
  });

  test("a thread id that is not a UUID is a 422", pythonBehaviour("400 zod invalid uuid"), async () => {
    const response = await fetch(`${BASE_URL}/threads/not-a-uuid`);

    const detail = await expectJsonError(assert, response, 422);
    assert.match(detail, /UUID/i);
  });

  test("an unknown route is a 404 {\"detail\":\"Not Found\"}", pythonBehaviour("404 text/plain 404 Not Found"), async () => {
    const response = await fetch(`${BASE_URL}/no-such-route`);

    assert.equal(await expectJsonError(assert, response, 404), "Not Found");
  });
});
