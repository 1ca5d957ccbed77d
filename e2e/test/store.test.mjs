// The store (long-term memory): client.store.* put/get/delete, search with filter and paging, namespaces, item ttl,
// validation errors, and the `memory` graph reading in one thread what another thread stored.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { callLimit, expectJsonErrorOf, getJson, pollUntil, projectRequirement, request, requireServer, sdk } from "../lib/server.mjs";

const client = sdk();

before(requireServer);

/** A root label of its own for each test, so tests never see each other's items. */
const root = () => `e2e-${randomUUID()}`;

describe("store items", () => {
  test("putItem then getItem returns the item; a rewrite keeps created_at; deleteItem removes it", async () => {
    const ns = [root(), "profile"];
    await client.store.putItem(ns, "color", { name: "blue" });
    const first = await client.store.getItem(ns, "color");
    await client.store.putItem(ns, "color", { name: "green" });
    const second = await client.store.getItem(ns, "color");

    assert.deepEqual(first.namespace, ns);
    assert.equal(first.key, "color");
    assert.deepEqual(first.value, { name: "blue" });
    assert.ok(!Number.isNaN(Date.parse(first.created_at)), `created_at is a time: ${first.created_at}`);
    assert.deepEqual(second.value, { name: "green" });
    assert.equal(second.created_at, first.created_at);
    assert.ok(Date.parse(second.updated_at) >= Date.parse(first.updated_at));

    await client.store.deleteItem(ns, "color");
    assert.equal(await client.store.getItem(ns, "color"), null);
  });

  test("a missing item is a 200 with null, as the Python server answers", async () => {
    const read = await getJson(`/store/items?namespace=${root()}.nothing&key=none`);
    assert.equal(read.status, 200);
    assert.equal(read.text.trim(), "null");
    assert.equal(await client.store.getItem([root()], "none"), null);
  });

  test("searchItems finds items under a prefix, newest first, with filter, limit and offset", async () => {
    const top = root();
    await client.store.putItem([top, "a"], "1", { kind: "note", n: 1 });
    await client.store.putItem([top, "a", "deep"], "2", { kind: "note", n: 2 });
    await client.store.putItem([top, "b"], "3", { kind: "todo", n: 3 });
    await client.store.putItem([`${top}x`], "4", { kind: "note", n: 4 });

    const all = await client.store.searchItems([top]);
    const underA = await client.store.searchItems([top, "a"]);
    const notes = await client.store.searchItems([top], { filter: { kind: "note" } });
    const atLeastTwo = await client.store.searchItems([top], { filter: { n: { $gte: 2 } } });
    const page = await client.store.searchItems([top], { limit: 1, offset: 1 });

    assert.deepEqual(all.items.map((i) => i.key), ["3", "2", "1"]);
    assert.deepEqual(underA.items.map((i) => i.key), ["2", "1"]);
    assert.deepEqual(notes.items.map((i) => i.key), ["2", "1"]);
    assert.deepEqual(atLeastTwo.items.map((i) => i.key), ["3", "2"]);
    assert.deepEqual(page.items.map((i) => i.key), ["2"]);
    assert.deepEqual(all.items[0].namespace, [top, "b"]);
    assert.deepEqual(all.items[0].value, { kind: "todo", n: 3 });
  });

  test("listNamespaces lists distinct namespaces with prefix, suffix, maxDepth, limit and offset", async () => {
    const top = root();
    await client.store.putItem([top, "users", "u1"], "k", { v: 1 });
    await client.store.putItem([top, "users", "u1"], "k2", { v: 2 });
    await client.store.putItem([top, "users", "u2"], "k", { v: 1 });
    await client.store.putItem([top, "docs"], "k", { v: 1 });

    const all = await client.store.listNamespaces({ prefix: [top] });
    const users = await client.store.listNamespaces({ prefix: [top, "users"] });
    const u1 = await client.store.listNamespaces({ prefix: [top], suffix: ["u1"] });
    const shallow = await client.store.listNamespaces({ prefix: [top], maxDepth: 2 });
    const page = await client.store.listNamespaces({ prefix: [top], limit: 1, offset: 1 });

    assert.deepEqual(all.namespaces, [[top, "docs"], [top, "users", "u1"], [top, "users", "u2"]]);
    assert.deepEqual(users.namespaces, [[top, "users", "u1"], [top, "users", "u2"]]);
    assert.deepEqual(u1.namespaces, [[top, "users", "u1"]]);
    assert.deepEqual(shallow.namespaces, [[top, "docs"], [top, "users"]]);
    assert.deepEqual(page.namespaces, [[top, "users", "u1"]]);
  });

  test("an item put with a ttl (minutes) is deleted when it passes; one without stays", async () => {
    const ns = [root()];
    await client.store.putItem(ns, "short", { v: 1 }, { ttl: 0.01 });
    await client.store.putItem(ns, "long", { v: 1 }, { ttl: 60 });
    await client.store.putItem(ns, "forever", { v: 1 });

    // read without refreshing, or the polling itself would keep the item alive
    await pollUntil("the item expires", () => client.store.getItem(ns, "short", { refreshTtl: false }), (item) => item === null);
    const left = await client.store.searchItems(ns);
    assert.deepEqual(left.items.map((i) => i.key).sort(), ["forever", "long"]);
  });

  test("a read with refresh_ttl restarts the ttl", async () => {
    const ns = [root()];
    await client.store.putItem(ns, "k", { v: 1 }, { ttl: 0.05 }); // 3 s
    const written = Date.now();
    // keep reading with refresh for longer than the ttl: the item must survive
    await pollUntil("past the original ttl", async () => {
      assert.ok(await client.store.getItem(ns, "k", { refreshTtl: true }), "a refreshed item is still there");
      return Date.now() - written;
    }, (elapsed) => elapsed > 4_000, { timeoutMs: 8_000, intervalMs: 200 });
  });
});

describe("store validation", () => {
  test("labels with a period or empty, a langgraph root, an empty namespace are 422 with a detail", async () => {
    for (const namespace of [["a.b"], ["a", ""], ["langgraph", "x"], []]) {
      const put = await request("PUT", "/store/items", { namespace, key: "k", value: {} });
      await expectJsonErrorOf(assert, put, 422);
    }
    const get = await getJson("/store/items?namespace=a..b&key=k");
    await expectJsonErrorOf(assert, get, 422);
  });

  test("mistyped fields are 422 naming the field", async () => {
    const cases = [
      ["PUT", "/store/items", { namespace: "a", key: "k", value: {} }, "namespace"],
      ["PUT", "/store/items", { namespace: ["a"], key: 1, value: {} }, "key"],
      ["PUT", "/store/items", { namespace: ["a"], key: "k", value: [1] }, "value"],
      ["PUT", "/store/items", { namespace: ["a"], key: "k", value: {}, ttl: "soon" }, "ttl"],
      ["PUT", "/store/items", { namespace: ["a"], key: "k", value: {}, index: 3 }, "index"],
      ["DELETE", "/store/items", { namespace: ["a"] }, "key"],
      ["POST", "/store/items/search", { namespace_prefix: ["a"], limit: "ten" }, "limit"],
      ["POST", "/store/items/search", { filter: [1] }, "filter"],
      ["POST", "/store/namespaces", { max_depth: 0 }, "max_depth"],
      ["POST", "/store/namespaces", { prefix: [1] }, "prefix"],
    ];
    for (const [method, path, body, field] of cases) {
      const detail = await expectJsonErrorOf(assert, await request(method, path, body), 422);
      assert.match(detail, new RegExp(field), `${method} ${path} ${JSON.stringify(body)}: ${detail}`);
    }
    const noKey = await getJson(`/store/items?namespace=${root()}`);
    assert.match(await expectJsonErrorOf(assert, noKey, 422), /key/);
  });

  test("a semantic query is a 422 saying semantic search is not configured", projectRequirement("no embedding index"), async () => {
    const search = await request("POST", "/store/items/search", { namespace_prefix: [root()], query: "tea" });
    assert.match(await expectJsonErrorOf(assert, search, 422), /semantic search is not configured/);
  });
});

describe("the memory graph", () => {
  test("a fact stored by a run on one thread is recalled by a run on another thread", projectRequirement("the reference examples have no memory graph"), async () => {
    const userId = randomUUID();
    const say = async (content) => {
      const { thread_id: threadId } = await client.threads.create();
      const values = await client.runs.wait(threadId, "memory", {
        input: { messages: [{ role: "user", content }] }, context: { user_id: userId }, signal: callLimit(),
      });
      return values.messages.at(-1).content;
    };

    assert.equal(await say("what do you know?"), "I know nothing about you yet.");
    await say("remember I like green tea");
    assert.equal(await say("what do you know?"), "I remember: I like green tea");

    const stored = await client.store.searchItems(["memories", userId]);
    assert.deepEqual(stored.items.map((i) => i.value), [{ fact: "I like green tea" }]);
  });
});
