// The thread stream: client.threads.joinStream (GET /threads/{thread_id}/stream) sends the events of every run on
// the thread, one run after the other, on a connection that stays open until the client leaves; a run already
// running when the client joins starts publishing at once; lastEventId "-" replays what the topic holds.
// The JS reference server has no thread stream (its routes stop at the run stream): todo there.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BASE_URL, callLimit, createRun, expectJsonError, pythonBehaviour, requireServer, sdk, startSlowRun, within,
} from "../lib/server.mjs";

const client = sdk();
const NO_THREAD_STREAM = pythonBehaviour("GET /threads/{thread_id}/stream is not implemented by the JS server");

before(requireServer);

/** Reads the thread stream until `enough(parts)` holds, then leaves it (the stream itself never ends). */
async function readUntil(stream, enough, onPart = () => {}) {
  const parts = [];
  for await (const part of stream) {
    parts.push(part);
    await onPart(part, parts);
    if (enough(parts)) break;
  }
  return parts;
}

const metadataOf = (parts) => parts.filter((p) => p.event === "metadata").map((p) => p.data.run_id);

describe("threads.joinStream", () => {
  test("every run on the thread, one after the other: the running one from the join on, then the next one",
    within(60_000, NO_THREAD_STREAM), async () => {
      const { thread_id: threadId } = await client.threads.create();
      const slow = await startSlowRun(threadId, 1500); // running, nobody streams it
      let echo;
      const parts = await readUntil(
        client.threads.joinStream(threadId, { signal: callLimit(45_000) }),
        (seen) => {
          const echoStart = echo ? seen.findIndex((q) => q.event === "metadata" && q.data.run_id === echo.run_id) : -1;
          return echoStart >= 0 && seen.some((p, i) => p.event === "values" && i > echoStart
            && p.data.messages?.length === 2); // the input step's values, then the node's
        },
        async (part, seen) => {
          if (!echo && part.event === "metadata") {
            // the join is live: a run enqueued now streams to it too
            echo = await createRun(threadId, {
              assistant_id: "echo", input: { messages: [{ role: "user", content: "hello" }] },
              multitask_strategy: "enqueue",
            });
          }
        });

      assert.deepEqual(metadataOf(parts), [slow.run_id, echo.run_id], "each run announced once, in order");
      const last = parts.findLast((p) => p.event === "values");
      assert.deepEqual(last.data.messages.map((m) => m.content), ["hello", "echo: hello"]);
      const slowValues = parts.slice(0, parts.findIndex((p) => p.data?.run_id === echo.run_id))
        .filter((p) => p.event === "values");
      assert.ok(slowValues.length >= 1, "the slow run's values reached the stream before the echo run began");
    });

  test("lastEventId \"-\" replays the thread's streamed runs, then stays open", within(60_000, NO_THREAD_STREAM),
    async () => {
      const { thread_id: threadId } = await client.threads.create();
      const first = await client.runs.stream(threadId, "echo", { input: { messages: [{ role: "user", content: "a" }] } });
      const firstParts = [];
      for await (const part of first) firstParts.push(part);
      const second = [];
      for await (const part of client.runs.stream(threadId, "echo", {
        input: { messages: [{ role: "user", content: "b" }] },
      })) second.push(part);
      const runIds = [firstParts[0].data.run_id, second[0].data.run_id];

      const replay = await readUntil(
        client.threads.joinStream(threadId, { lastEventId: "-", signal: callLimit(30_000) }),
        (seen) => metadataOf(seen).length === 2 && seen.at(-1).event === "values"
          && seen.at(-1).data.messages.length === 4);

      assert.deepEqual(metadataOf(replay), runIds);
      assert.deepEqual(replay.at(-1).data.messages.map((m) => m.content), ["a", "echo: a", "b", "echo: b"]);
    });

  test("an unknown thread is a 404, a mode this server does not send a 422, before the stream",
    within(15_000, NO_THREAD_STREAM), async () => {
      const unknown = await fetch(`${BASE_URL}/threads/${crypto.randomUUID()}/stream`, { signal: callLimit() });
      await expectJsonError(assert, unknown, 404);
      const { thread_id: threadId } = await client.threads.create();
      const lifecycle = await fetch(`${BASE_URL}/threads/${threadId}/stream?stream_mode=lifecycle`,
        { signal: callLimit() });
      await expectJsonError(assert, lifecycle, 422);
      const bogus = await fetch(`${BASE_URL}/threads/${threadId}/stream?stream_mode=values`, { signal: callLimit() });
      await expectJsonError(assert, bogus, 422);
    });
});
