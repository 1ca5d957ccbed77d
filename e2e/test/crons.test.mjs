// Crons through the SDK's client.crons: create (stateless and for a thread), search, count, update, delete, and the
// validation errors. Ticks firing are covered by the standalone CronTicksEndToEndTests (they take up to a minute).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  expectJsonError, postJson, projectRequirement, request, expectJsonErrorOf, requireServer, sdk, systemAssistantId,
  within,
} from "../lib/server.mjs";

const client = sdk();
const HI = { messages: [{ role: "user", content: "hi" }] };

before(requireServer);

/** The next minute boundary after now, as the server computes next_run_date for "* * * * *". */
function isMinuteBoundary(iso) {
  const date = new Date(iso);
  return date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0 && date.getTime() > Date.now() - 1_000;
}

describe("crons.create", () => {
  test("a stateless cron answers as a Cron with its payload and next run date", within(10_000), async () => {
    const suite = randomUUID();
    const cron = await client.crons.create("echo", { schedule: "* * * * *", input: HI, metadata: { suite } });

    assert.match(cron.cron_id, /^[0-9a-f-]{36}$/);
    assert.equal(cron.assistant_id, systemAssistantId("echo"));
    assert.equal(cron.thread_id, null);
    assert.equal(cron.schedule, "* * * * *");
    assert.equal(cron.on_run_completed, "delete");
    assert.equal(cron.enabled, true);
    assert.deepEqual(cron.metadata, { suite });
    assert.deepEqual(cron.payload.input, HI);
    assert.ok(isMinuteBoundary(cron.next_run_date), cron.next_run_date);
    await client.crons.delete(cron.cron_id);
  });

  test("a thread cron runs on that thread; an unknown thread is 404", within(10_000), async () => {
    const thread = await client.threads.create();
    const cron = await client.crons.createForThread(thread.thread_id, "echo", { schedule: "0 9 * * 1", input: HI });

    assert.equal(cron.thread_id, thread.thread_id);
    assert.equal(new Date(cron.next_run_date).getUTCDay(), 1);
    await assert.rejects(client.crons.createForThread(randomUUID(), "echo", { schedule: "* * * * *" }),
      { status: 404 });
    await client.crons.delete(cron.cron_id);
  });

  test("disabled at creation: no next run date", within(10_000), async () => {
    const cron = await client.crons.create("echo", { schedule: "* * * * *", enabled: false });
    assert.equal(cron.enabled, false);
    assert.equal(cron.next_run_date, null);
    await client.crons.delete(cron.cron_id);
  });

  test("a timezone moves the ticks; on_run_completed keep is kept", within(10_000), async () => {
    const response = await postJson("/runs/crons", {
      assistant_id: "echo", schedule: "30 12 * * *", timezone: "Asia/Kolkata", on_run_completed: "keep",
    });
    assert.equal(response.status, 200);
    const cron = await response.json();
    const next = new Date(cron.next_run_date);
    assert.equal(`${next.getUTCHours()}:${next.getUTCMinutes()}`, "7:0"); // 12:30 IST is 07:00 UTC
    assert.equal(cron.timezone, "Asia/Kolkata");
    assert.equal(cron.on_run_completed, "keep");
    await client.crons.delete(cron.cron_id);
  });
});

describe("crons validation", () => {
  test("a bad schedule, timezone, end_time or on_run_completed is 422 naming the field", within(10_000), async () => {
    assert.match(await expectJsonError(assert, await postJson("/runs/crons",
      { assistant_id: "echo", schedule: "every minute" }), 422), /^schedule: /);
    assert.match(await expectJsonError(assert, await postJson("/runs/crons",
      { assistant_id: "echo", schedule: "* * * * * *" }), 422), /^schedule: /);
    assert.match(await expectJsonError(assert, await postJson("/runs/crons", { assistant_id: "echo" }), 422),
      /^schedule: is required/);
    assert.match(await expectJsonError(assert, await postJson("/runs/crons",
      { assistant_id: "echo", schedule: "* * * * *", timezone: "Mars/Olympus" }), 422), /^timezone: /);
    assert.match(await expectJsonError(assert, await postJson("/runs/crons",
      { assistant_id: "echo", schedule: "* * * * *", end_time: "tomorrow" }), 422), /^end_time: /);
    assert.match(await expectJsonError(assert, await postJson("/runs/crons",
      { assistant_id: "echo", schedule: "* * * * *", on_run_completed: "archive" }), 422), /^on_run_completed: /);
    await assert.rejects(client.crons.create("echo", { schedule: "61 * * * *" }), { status: 422 });
  });

  test("an unknown assistant is 404, a run field of the wrong type 422 naming it", within(10_000), async () => {
    await assert.rejects(client.crons.create(randomUUID(), { schedule: "* * * * *" }), { status: 404 });
    assert.match(await expectJsonError(assert, await postJson("/runs/crons",
      { assistant_id: "echo", schedule: "* * * * *", multitask_strategy: "sometimes" }), 422), /^multitask_strategy: /);
  });

  test("an id that is not a UUID is 422, an unknown cron 404", within(10_000), async () => {
    expectJsonErrorOf(assert, await request("DELETE", "/runs/crons/not-a-uuid"), 422);
    await assert.rejects(client.crons.delete(randomUUID()), { status: 404 });
    await assert.rejects(client.crons.update(randomUUID(), { schedule: "* * * * *" }), { status: 404 });
  });
});

describe("crons.search, count, update, delete", () => {
  test("search and count filter by assistant and thread; sort, page and select", within(15_000), async () => {
    const assistant = await client.assistants.create({ graphId: "echo" });
    const thread = await client.threads.create();
    const first = await client.crons.create(assistant.assistant_id, { schedule: "* * * * *" });
    const second = await client.crons.create(assistant.assistant_id, { schedule: "*/5 * * * *" });
    const onThread = await client.crons.createForThread(thread.thread_id, assistant.assistant_id,
      { schedule: "0 * * * *" });

    const all = await client.crons.search({ assistantId: assistant.assistant_id, limit: 10 });
    assert.deepEqual(all.map((c) => c.cron_id).sort(),
      [first.cron_id, second.cron_id, onThread.cron_id].sort());
    const byThread = await client.crons.search({ threadId: thread.thread_id });
    assert.deepEqual(byThread.map((c) => c.cron_id), [onThread.cron_id]);
    assert.equal(await client.crons.count({ assistantId: assistant.assistant_id }), 3);
    assert.equal(await client.crons.count({ threadId: thread.thread_id }), 1);

    const page = await client.crons.search({
      assistantId: assistant.assistant_id, sortBy: "created_at", sortOrder: "asc", limit: 2, offset: 1,
      select: ["cron_id", "schedule"],
    });
    assert.deepEqual(page, [
      { cron_id: second.cron_id, schedule: "*/5 * * * *" },
      { cron_id: onThread.cron_id, schedule: "0 * * * *" },
    ]);

    for (const cron of [first, second, onThread]) {
      await client.crons.delete(cron.cron_id);
    }
    assert.equal(await client.crons.count({ assistantId: assistant.assistant_id }), 0);
  });

  test("update changes the schedule, merges metadata, replaces run fields and can disable",
    within(10_000, projectRequirement("the JS server has no cron routes")), async () => {
    const cron = await client.crons.create("echo", { schedule: "* * * * *", input: HI, metadata: { a: 1 } });

    const updated = await client.crons.update(cron.cron_id, {
      schedule: "0 0 1 1 *", metadata: { b: 2 }, input: { messages: [] }, endTime: "2999-01-01T00:00:00Z",
    });
    assert.equal(updated.schedule, "0 0 1 1 *");
    assert.deepEqual(updated.metadata, { a: 1, b: 2 });
    assert.deepEqual(updated.payload.input, { messages: [] });
    assert.equal(updated.end_time, "2999-01-01T00:00:00Z");
    assert.match(updated.next_run_date, /-01-01T00:00:00Z$/);
    assert.equal(updated.created_at, cron.created_at);

    const disabled = await client.crons.update(cron.cron_id, { enabled: false });
    assert.equal(disabled.enabled, false);
    assert.equal(disabled.next_run_date, null);
    assert.equal(disabled.schedule, "0 0 1 1 *");

    await assert.rejects(client.crons.update(cron.cron_id, { schedule: "soon" }), { status: 422 });
    await client.crons.delete(cron.cron_id);
    await assert.rejects(client.crons.delete(cron.cron_id), { status: 404 });
  });
});
