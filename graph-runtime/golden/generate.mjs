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

const OPERATIONS = { invoke, updateState, getState, getStateHistory };

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
