// Runs every golden case on LangGraph.js (MemorySaver) and writes cases/<case>.json, plus describe/<graph>.json
// (each graph as LangGraph.js draws it).
// Usage: cd graph-runtime/golden && npm install && node generate.mjs
// The files are deterministic: ids and timestamps are replaced by labels (see README.md).
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { Command, MemorySaver, Send } from "@langchain/langgraph";
import { GRAPHS } from "./graphs.mjs";
import { CASES } from "./scenarios.mjs";

const OUT_DIR = new URL("./cases/", import.meta.url);
const DESCRIBE_DIR = new URL("./describe/", import.meta.url);
const LANGGRAPH_VERSION = JSON.parse(
  await readFile(new URL("./node_modules/@langchain/langgraph/package.json", import.meta.url), "utf8"),
).version;

/** Lets the clock move between operations, so checkpoint ids of different runs never share a millisecond. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 3));

/**
 * Everything that changes from one generation to the next is replaced here:
 * interrupt ids become "interrupt-N" in order of first appearance in the case file,
 * checkpoint ids become their index in the thread's checkpoint list, oldest first (0 = the first checkpoint),
 * task ids and timestamps are dropped.
 */
class Normaliser {
  constructor(saver) {
    this.saver = saver;
    this.interruptLabels = new Map();
  }

  interruptLabel(id) {
    if (id == null) return null;
    if (!this.interruptLabels.has(id)) this.interruptLabels.set(id, `interrupt-${this.interruptLabels.size}`);
    return this.interruptLabels.get(id);
  }

  interruptId(label) {
    for (const [id, known] of this.interruptLabels) if (known === label) return id;
    throw new Error(`unknown interrupt label ${label}`);
  }

  async checkpointIds(thread) {
    const ids = [];
    for await (const tuple of this.saver.list({ configurable: { thread_id: thread, checkpoint_ns: "" } })) {
      ids.push(tuple.config.configurable.checkpoint_id);
    }
    return ids.sort();
  }

  async checkpointIndex(thread, config) {
    const id = config?.configurable?.checkpoint_id;
    if (id == null) return null;
    const index = (await this.checkpointIds(thread)).indexOf(id);
    if (index < 0) throw new Error(`checkpoint ${id} is not in thread ${thread}`);
    return index;
  }

  async checkpointId(thread, index) {
    const ids = await this.checkpointIds(thread);
    if (index >= ids.length) throw new Error(`thread ${thread} has no checkpoint ${index}`);
    return ids[index];
  }

  interrupts(list) {
    return (list ?? []).map((i) => ({ id: this.interruptLabel(i.id), value: plain(i.value) }));
  }

  error(e) {
    let message = String(e?.message ?? e);
    for (const [id, label] of this.interruptLabels) message = message.replaceAll(id, label);
    message = message.replace(/[0-9a-f]{32}/g, (id) => this.interruptLabel(id));
    message = message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");
    return { type: e?.name ?? e?.constructor?.name ?? "Error", message };
  }

  async snapshot(thread, s) {
    return {
      values: plain(s.values ?? {}),
      next: [...(s.next ?? [])],
      tasks: (s.tasks ?? []).map((t) => ({
        name: t.name,
        error: t.error == null ? null : String(t.error.message ?? t.error),
        interrupts: this.interrupts(t.interrupts),
        result: plain(t.result ?? null),
      })),
      metadata: s.metadata == null ? null : this.metadata(s.metadata),
      checkpoint: await this.checkpointIndex(thread, s.config),
      parentCheckpoint: await this.checkpointIndex(thread, s.parentConfig),
    };
  }

  /** The metadata LangGraph itself writes; run metadata (thread_id and the like) is left out. */
  metadata(m) {
    const kept = { source: m.source, step: m.step, parents: plain(m.parents ?? {}) };
    if ("writes" in m) kept.writes = plain(m.writes);
    return kept;
  }
}

/** JSON-compatible copy: drops undefined, keeps null, fixes key order as produced. */
const plain = (value) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

function toGoto(target) {
  if (Array.isArray(target)) return target.map(toGoto);
  if (target && typeof target === "object" && "send" in target) return new Send(target.send.node, target.send.arg);
  return target;
}

function toCommand(spec, normaliser) {
  const fields = {};
  if ("resume" in spec) fields.resume = spec.resume;
  if ("resumeByInterrupt" in spec) {
    fields.resume = Object.fromEntries(
      Object.entries(spec.resumeByInterrupt).map(([label, value]) => [normaliser.interruptId(label), value]),
    );
  }
  if ("update" in spec) fields.update = spec.update;
  if ("goto" in spec) fields.goto = toGoto(spec.goto);
  return new Command(fields);
}

async function runConfig(op, normaliser) {
  const config = { configurable: { thread_id: op.thread } };
  const c = op.config ?? {};
  if (c.checkpoint !== undefined) config.configurable.checkpoint_id = await normaliser.checkpointId(op.thread, c.checkpoint);
  if (c.recursionLimit !== undefined) config.recursionLimit = c.recursionLimit;
  if (c.interruptBefore !== undefined) config.interruptBefore = c.interruptBefore;
  if (c.interruptAfter !== undefined) config.interruptAfter = c.interruptAfter;
  return config;
}

async function invoke(op, graphs, normaliser) {
  const graph = op.checkpointer === false ? graphs.stateless : graphs.saved;
  const config = await runConfig(op, normaliser);
  const input = op.command ? toCommand(op.command, normaliser) : op.input;
  let expect;
  try {
    const output = await graph.invoke(input, config);
    const { __interrupt__: interrupts, ...values } = output ?? {};
    expect = {
      status: interrupts === undefined ? "done" : "interrupted",
      values: plain(values),
      interrupts: normaliser.interrupts(interrupts),
    };
  } catch (e) {
    expect = { status: "error", error: normaliser.error(e) };
  }
  if (op.checkpointer !== false) expect.next = await pendingNext(op.thread, graphs);
  return expect;
}

/** The thread's pending next nodes after a run, or null where LangGraph.js cannot compute its state. */
async function pendingNext(thread, graphs) {
  try {
    return [...(await graphs.saved.getState({ configurable: { thread_id: thread } })).next];
  } catch {
    return null;
  }
}

async function updateState(op, graphs, normaliser) {
  const config = await runConfig(op, normaliser);
  try {
    const written = await graphs.saved.updateState(config, op.values, op.asNode);
    return { checkpoint: await normaliser.checkpointIndex(op.thread, written) };
  } catch (e) {
    return { error: normaliser.error(e) };
  }
}

async function getState(op, graphs, normaliser) {
  const config = await runConfig(op, normaliser);
  try {
    return await normaliser.snapshot(op.thread, await graphs.saved.getState(config));
  } catch (e) {
    return { error: normaliser.error(e) };
  }
}

async function getStateHistory(op, graphs, normaliser) {
  const options = {};
  if (op.limit !== undefined) options.limit = op.limit;
  if (op.before !== undefined) {
    options.before = { configurable: { thread_id: op.thread, checkpoint_id: await normaliser.checkpointId(op.thread, op.before) } };
  }
  const history = [];
  try {
    for await (const s of graphs.saved.getStateHistory({ configurable: { thread_id: op.thread } }, options)) {
      history.push(await normaliser.snapshot(op.thread, s));
    }
  } catch (e) {
    return { error: normaliser.error(e), before: history };
  }
  return history;
}

// ---------------------------------------------------------------- stream

/** Strings LangGraph.js fills with ids: checkpoint/task UUIDs and 32-hex interrupt ids. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEX32 = /\b[0-9a-f]{32}\b/g;

/**
 * A chunk as plain JSON, with LangChain messages as the API servers serialise them: the JS server's serialiseAsDict
 * writes {...message.toDict().data, type} (type "ai" for AIMessage and AIMessageChunk alike).
 */
const plainChunk = (value) =>
  JSON.parse(
    JSON.stringify(value, function (key, v) {
      const raw = this[key];
      if (raw != null && typeof raw === "object" && typeof raw.toDict === "function") {
        const { type, data } = raw.toDict();
        return { ...data, type };
      }
      return v;
    }) ?? "null",
  );

/** The metadata keys LangGraph itself puts on a messages chunk; LangChain's ls_* keys and run metadata are left out. */
const MESSAGE_METADATA = ["langgraph_step", "langgraph_node", "langgraph_triggers", "langgraph_path", "langgraph_checkpoint_ns", "checkpoint_ns"];

/**
 * Normalises one stream operation's chunks once the run is over (so every checkpoint it wrote is in the saver):
 * checkpoint ids become their index among the thread's checkpoints of the same namespace, task ids become "task-N"
 * and interrupt ids "interrupt-N" in order of first appearance in the case (objects are walked in sorted key order,
 * so the labels do not depend on key order), debug timestamps are dropped, a checkpoint's config keeps only
 * {configurable: {thread_id, checkpoint_ns, checkpoint_id}} (LangGraph.js copies the whole run config there; both API
 * servers strip it), and a messages chunk's metadata keeps LangGraph's own keys.
 */
class StreamNormaliser {
  constructor(normaliser, thread) {
    this.normaliser = normaliser;
    this.thread = thread;
    this.saver = normaliser.saver;
  }

  taskLabel(id) {
    const labels = (this.normaliser.taskLabels ??= new Map());
    if (!labels.has(id)) labels.set(id, `task-${labels.size}`);
    return labels.get(id);
  }

  async checkpointIndex(ns, id) {
    const ids = [];
    for await (const tuple of this.saver.list({ configurable: { thread_id: this.thread, checkpoint_ns: ns } })) {
      ids.push(tuple.config.configurable.checkpoint_id);
    }
    const index = ids.sort().indexOf(id);
    if (index < 0) throw new Error(`checkpoint ${id} is not in thread ${this.thread} namespace "${ns}"`);
    return index;
  }

  async config(config) {
    if (config == null) return null;
    const c = config.configurable ?? {};
    const ns = c.checkpoint_ns ?? "";
    return {
      configurable: {
        thread_id: c.thread_id,
        checkpoint_ns: ns,
        checkpoint_id: c.checkpoint_id == null ? null : await this.checkpointIndex(ns, c.checkpoint_id),
      },
    };
  }

  async checkpointPayload(p) {
    const out = { ...p };
    out.config = await this.config(p.config);
    if ("parentConfig" in p) out.parentConfig = await this.config(p.parentConfig);
    if (p.metadata) {
      const parents = {};
      for (const [ns, id] of Object.entries(p.metadata.parents ?? {})) parents[ns] = await this.checkpointIndex(ns, id);
      out.metadata = { ...this.normaliser.metadata(p.metadata), parents };
    }
    return out;
  }

  async chunk(mode, chunk) {
    if (mode === "checkpoints") return this.checkpointPayload(chunk);
    if (mode === "debug") {
      const { timestamp, ...rest } = chunk;
      if (rest.type === "checkpoint") rest.payload = await this.checkpointPayload(rest.payload);
      return rest;
    }
    if (mode === "messages") {
      const [message, metadata] = chunk;
      return [message, Object.fromEntries(MESSAGE_METADATA.filter((k) => k in metadata).map((k) => [k, metadata[k]]))];
    }
    return chunk;
  }

  /** Replaces ids in every string, walking objects in sorted key order. */
  labels(value) {
    if (typeof value === "string") {
      return value
        .replace(UUID, (id) => this.taskLabel(id))
        .replace(HEX32, (id) => this.normaliser.interruptLabel(id));
    }
    if (Array.isArray(value)) return value.map((v) => this.labels(v));
    if (value && typeof value === "object") {
      const out = {};
      for (const key of Object.keys(value).sort()) out[key] = this.labels(value[key]);
      return Object.fromEntries(Object.keys(value).map((k) => [k, out[k]]));
    }
    return value;
  }
}

/**
 * graph.stream(input | command, {streamMode, subgraphs, ...config}): the ordered chunks as [namespace, mode, chunk]
 * (LangGraph.js yields [ns, mode, chunk] with subgraphs, [mode, chunk] without; the namespace is [] then), then
 * the error the stream ended with, if any.
 */
async function stream(op, graphs, normaliser) {
  const config = await runConfig(op, normaliser);
  config.streamMode = op.streamMode;
  config.subgraphs = op.subgraphs === true;
  const input = op.command ? toCommand(op.command, normaliser) : op.input;
  const raw = [];
  let error = null;
  try {
    for await (const item of await graphs.saved.stream(input, config)) {
      const [ns, mode, chunk] = config.subgraphs ? item : [[], ...item];
      raw.push([ns, mode, plainChunk(chunk)]);
    }
  } catch (e) {
    error = e;
  }
  const s = new StreamNormaliser(normaliser, op.thread);
  const chunks = [];
  for (const [ns, mode, chunk] of raw) chunks.push(s.labels([ns, mode, await s.chunk(mode, chunk)]));
  const expect = { chunks };
  if (error) expect.error = normaliser.error(error);
  return expect;
}

const OPERATIONS = { invoke, updateState, getState, getStateHistory, stream };

async function runCase(spec) {
  const saver = new MemorySaver();
  const graphs = {
    saved: GRAPHS[spec.graph]().compile({ checkpointer: saver }),
    stateless: GRAPHS[spec.graph]().compile(),
  };
  const normaliser = new Normaliser(saver);
  const operations = [];
  for (const op of spec.operations) {
    const run = OPERATIONS[op.op];
    if (!run) throw new Error(`${spec.case}: unknown operation ${op.op}`);
    operations.push({ ...op, expect: await run(op, graphs, normaliser) });
    await pause();
  }
  return {
    case: spec.case,
    graph: spec.graph,
    description: spec.description,
    langgraphVersion: LANGGRAPH_VERSION,
    operations,
  };
}

/**
 * The graph as LangGraph.js draws it (`getGraphAsync().toJSON()`, what GET /assistants/{id}/graph serves), reduced to
 * node ids and types and to edges sorted by source, target: the Java side compares it with CompiledGraph.describe().
 */
async function describeGraph(name) {
  const drawn = (await GRAPHS[name]().compile().getGraphAsync()).toJSON();
  const edges = drawn.edges.map((e) => ({
    source: e.source,
    target: e.target,
    conditional: e.conditional ?? false,
    ...(e.data !== undefined ? { data: e.data } : {}),
  }));
  const key = (e) => e.source + "\u0000" + e.target;
  edges.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0)); // code-unit order, as Java's String.compareTo
  return {
    graph: name,
    langgraphVersion: LANGGRAPH_VERSION,
    nodes: drawn.nodes.map((n) => ({ id: n.id, type: n.type })),
    edges,
  };
}

const names = new Set();
for (const spec of CASES) {
  if (names.has(spec.case)) throw new Error(`duplicate case ${spec.case}`);
  if (!GRAPHS[spec.graph]) throw new Error(`${spec.case}: unknown graph ${spec.graph}`);
  names.add(spec.case);
}
await rm(OUT_DIR, { recursive: true, force: true });
await mkdir(OUT_DIR, { recursive: true });
await rm(DESCRIBE_DIR, { recursive: true, force: true });
await mkdir(DESCRIBE_DIR, { recursive: true });
for (const name of Object.keys(GRAPHS)) {
  await writeFile(new URL(`${name}.json`, DESCRIBE_DIR), JSON.stringify(await describeGraph(name), null, 2) + "\n");
}
for (const spec of CASES) {
  const result = await runCase(spec);
  await writeFile(new URL(`${spec.case}.json`, OUT_DIR), JSON.stringify(result, null, 2) + "\n");
}
console.log(
  `wrote ${CASES.length} cases to ${OUT_DIR.pathname} and ${Object.keys(GRAPHS).length} graph descriptions to ` +
    `${DESCRIBE_DIR.pathname} (@langchain/langgraph ${LANGGRAPH_VERSION})`,
);
