// The golden cases: one graph and a sequence of operations each. The operation objects are copied into
// the case file as written here, with the observed result added under "expect", so the Java test can
// replay exactly these operations. Operation shapes:
//   {op:"invoke", thread, input | command, config?, checkpointer?:false}
//       command: {resume?, resumeByInterrupt?: {"interrupt-N": value}, update?: map | [[key, value]...],
//                 goto?: node | {send:{node, arg}} | [...]}
//       config: {recursionLimit?, interruptBefore?, interruptAfter?, checkpoint?: index}
//   {op:"updateState", thread, values, asNode?, config?: {checkpoint?}}
//   {op:"getState", thread, config?: {checkpoint?}}
//   {op:"getStateHistory", thread, limit?, before?: index}
//   {op:"stream", thread, input | command, config?, streamMode: [...], subgraphs?: bool}
//       graph.stream(...) with those options; expect = {chunks: [[namespace, mode, chunk], ...], error?}.
//       The "stream-*" cases hold stream operations only: run-worker's GoldenStreamTests replays them through the
//       server's StreamTranslator; graph-runtime's GoldenCaseTests skips them.
// A checkpoint index counts the thread's checkpoints oldest first, from 0.

const state = (thread) => ({ op: "getState", thread });
const history = (thread) => ({ op: "getStateHistory", thread });
const invoke = (thread, input, config) => ({ op: "invoke", thread, input, ...(config ? { config } : {}) });
const command = (thread, cmd, config) => ({ op: "invoke", thread, command: cmd, ...(config ? { config } : {}) });
const beforeB = { interruptBefore: ["b"] };
const stream = (thread, input, streamMode, extra = {}) => ({ op: "stream", thread, input, streamMode, ...extra });
const streamCommand = (thread, cmd, streamMode, extra = {}) => ({ op: "stream", thread, command: cmd, streamMode, ...extra });
/** Every stream mode LangGraph.js has that the API server maps (its messages = the server's messages-tuple). */
const ALL_MODES = ["values", "updates", "custom", "messages", "tasks", "checkpoints", "debug"];

export const CASES = [
  // ------------------------------------------------------------------ echo
  {
    case: "echo-two-turns",
    graph: "echo",
    description: "Two turns on one thread: the append reducer accumulates four messages.",
    operations: [
      invoke("t1", { messages: [{ role: "user", content: "hi" }] }),
      state("t1"),
      invoke("t1", { messages: [{ role: "user", content: "again" }] }),
      state("t1"),
      history("t1"),
    ],
  },
  {
    case: "echo-stateless",
    graph: "echo",
    description: "A run without a checkpointer returns the final values and keeps nothing.",
    operations: [{ op: "invoke", thread: "t1", input: { messages: ["plain"] }, checkpointer: false }],
  },

  // ------------------------------------------------------------------ counter
  {
    case: "counter-basic",
    graph: "counter",
    description: "START -> a -> b: four checkpoints (input, loop 0..2); history with limit and before.",
    operations: [
      invoke("t1", {}),
      state("t1"),
      history("t1"),
      { op: "getStateHistory", thread: "t1", limit: 2 },
      { op: "getStateHistory", thread: "t1", before: 2 },
      { op: "getState", thread: "t1", config: { checkpoint: 1 } },
    ],
  },
  {
    case: "counter-empty-input",
    graph: "counter",
    description: "A null input on a fresh thread has nothing to resume: EmptyInputError.",
    operations: [invoke("t1", null), state("t1")],
  },
  {
    case: "counter-interrupt-before",
    graph: "counter",
    description: "interruptBefore [b] stops with next [b]; a null input resumes and runs b.",
    operations: [invoke("t1", { count: 0 }, beforeB), state("t1"), invoke("t1", null), state("t1"), history("t1")],
  },
  {
    case: "counter-interrupt-after",
    graph: "counter",
    description: "interruptAfter [a] stops after a with next [b]; a null input resumes.",
    operations: [
      invoke("t1", { count: 0 }, { interruptAfter: ["a"] }),
      state("t1"),
      invoke("t1", null),
      history("t1"),
    ],
  },
  {
    case: "counter-interrupt-before-all",
    graph: "counter",
    description: "interruptBefore \"*\" stops before every node; each resume passes it again.",
    operations: [
      invoke("t1", { count: 0 }, { interruptBefore: "*" }),
      invoke("t1", null, { interruptBefore: "*" }),
      invoke("t1", null, { interruptBefore: "*" }),
      state("t1"),
      history("t1"),
    ],
  },
  {
    case: "counter-interrupt-unknown-node",
    graph: "counter",
    description: "An interruptBefore naming no node of the graph is ignored.",
    operations: [invoke("t1", { count: 0 }, { interruptBefore: ["zzz"] }), state("t1")],
  },
  {
    case: "counter-resume-without-interrupt",
    graph: "counter",
    description: "Command(resume) on a thread stopped by a static breakpoint simply continues.",
    operations: [invoke("t1", { count: 0 }, beforeB), command("t1", { resume: "go" }), history("t1")],
  },
  {
    case: "counter-new-input-while-interrupted",
    graph: "counter",
    description: "New input on an interrupted thread starts a fresh pass from START; the pending b is dropped.",
    operations: [invoke("t1", { count: 0 }, beforeB), invoke("t1", { count: 100 }), history("t1")],
  },
  {
    case: "counter-command-goto",
    graph: "counter",
    description: "Command(goto) as input: a node name, a Send, and a goto on an interrupted thread.",
    operations: [
      command("t1", { goto: "b" }),
      history("t1"),
      command("t2", { goto: { send: { node: "b", arg: { count: 5 } } } }),
      history("t2"),
      invoke("t3", { count: 0 }, beforeB),
      command("t3", { goto: "a" }),
      history("t3"),
    ],
  },
  {
    case: "counter-command-update",
    graph: "counter",
    description: "Command(update) as input: on a fresh thread, on an interrupted thread, and as tuples with goto.",
    operations: [
      command("t1", { update: { count: 10, log: ["u"] } }),
      history("t1"),
      invoke("t2", { count: 0 }, beforeB),
      command("t2", { update: { count: 10, log: ["u"] } }),
      history("t2"),
      command("t3", { update: [["count", 7], ["log", ["t"]]], goto: "b" }),
      history("t3"),
    ],
  },
  {
    case: "counter-replay",
    graph: "counter",
    description: "Replay from an older checkpoint (null input with checkpoint): from the one before b, then from the input one.",
    operations: [
      invoke("t1", { count: 0 }),
      invoke("t1", null, { checkpoint: 2 }),
      history("t1"),
      invoke("t1", null, { checkpoint: 0 }),
      history("t1"),
    ],
  },
  {
    case: "counter-replay-new-input",
    graph: "counter",
    description: "New input with an older checkpoint starts a fresh pass on top of that checkpoint's state.",
    operations: [invoke("t1", { count: 0 }), invoke("t1", { count: 10 }, { checkpoint: 2 }), history("t1")],
  },
  {
    case: "counter-update-as-node",
    graph: "counter",
    description: "updateState with asNode a makes b next; without asNode on a fresh thread and on an interrupted one.",
    operations: [
      invoke("t1", { count: 0 }),
      { op: "updateState", thread: "t1", values: { count: 10, log: ["u"] }, asNode: "a" },
      state("t1"),
      invoke("t1", null),
      history("t1"),
      { op: "updateState", thread: "t2", values: { count: 5 } },
      state("t2"),
      invoke("t2", null),
      state("t2"),
      invoke("t3", { count: 0 }, beforeB),
      { op: "updateState", thread: "t3", values: { log: ["x"] } },
      state("t3"),
      invoke("t3", null),
      history("t3"),
    ],
  },
  {
    case: "counter-fork",
    graph: "counter",
    description: "updateState on an older checkpoint forks the thread; a null input then continues the fork.",
    operations: [
      invoke("t1", { count: 0 }),
      { op: "updateState", thread: "t1", values: { count: 10 }, config: { checkpoint: 2 } },
      state("t1"),
      invoke("t1", null),
      history("t1"),
      { op: "updateState", thread: "t1", values: { log: ["f"] }, asNode: "a", config: { checkpoint: 1 } },
      invoke("t1", null),
      history("t1"),
    ],
  },

  // ------------------------------------------------------------------ hitl
  {
    case: "hitl-resume-value",
    graph: "hitl",
    description: "interrupt() stops the run with one interrupt; Command(resume) answers it.",
    operations: [
      invoke("t1", { question: "name?" }),
      state("t1"),
      command("t1", { resume: "forty-two" }),
      state("t1"),
      history("t1"),
    ],
  },
  {
    case: "hitl-resume-by-id",
    graph: "hitl",
    description: "Command(resume) given as a map from interrupt id to value.",
    operations: [
      invoke("t1", { question: "q" }),
      command("t1", { resumeByInterrupt: { "interrupt-0": "by-id" } }),
      state("t1"),
      history("t1"),
    ],
  },
  {
    case: "hitl-resume-null",
    graph: "hitl",
    description: "A null input on a dynamically interrupted thread re-runs the node, which interrupts again.",
    operations: [invoke("t1", { question: "q" }), invoke("t1", null), state("t1"), history("t1")],
  },
  {
    case: "hitl-resume-with-update",
    graph: "hitl",
    description: "Command(resume, update) applies the update before the node resumes.",
    operations: [
      invoke("t1", { question: "q" }),
      command("t1", { resume: "r", update: { question: "updated" } }),
      history("t1"),
    ],
  },
  {
    case: "hitl-without-checkpointer",
    graph: "hitl",
    description: "interrupt() in a run without a checkpointer fails.",
    operations: [{ op: "invoke", thread: "t1", input: { question: "q" }, checkpointer: false }],
  },

  // ------------------------------------------------------------------ slow, fail
  {
    case: "slow",
    graph: "slow",
    description: "A node that sleeps 5 ms, then sets done.",
    operations: [invoke("t1", { ms: 5 }), history("t1")],
  },
  {
    case: "fail",
    graph: "fail",
    description: "A node that throws: the run fails, the task keeps its error, and a null input retries it.",
    operations: [invoke("t1", { x: 1 }), state("t1"), history("t1"), invoke("t1", null), state("t1")],
  },

  // ------------------------------------------------------------------ execution model
  {
    case: "fanout",
    graph: "fanout",
    description: "Parallel branches b and c -> c2, joined by a waiting edge [b, c2] -> join.",
    operations: [invoke("t1", {}), history("t1")],
  },
  {
    case: "conflict",
    graph: "conflict",
    description: "Two parallel writes to one last-value channel in a superstep: InvalidUpdateError.",
    operations: [invoke("t1", {}), state("t1"), history("t1")],
  },
  {
    case: "mapreduce",
    graph: "mapreduce",
    description: "Send fan-out to work per subject, then summarize; no subjects means no Send.",
    operations: [invoke("t1", { subjects: ["x", "y", "z"] }), history("t1"), invoke("t2", { subjects: [] }), history("t2")],
  },
  {
    case: "subgraph",
    graph: "subgraph",
    description: "A compiled graph as a node over the same keys: its whole output goes through the parent's reducers.",
    operations: [invoke("t1", {}), state("t1"), history("t1")],
  },
  {
    case: "subgraph-hitl",
    graph: "subgraph-hitl",
    description: "An interrupt inside a subgraph node stops the parent; Command(resume) continues inside it.",
    operations: [
      invoke("t1", {}),
      state("t1"),
      command("t1", { resume: "deep" }),
      state("t1"),
      history("t1"),
    ],
  },
  {
    case: "cycle-recursion-limit",
    graph: "cycle",
    description: "A self-loop ending at count >= 3: recursion limits 2 (error, then resumed), 25 and 3.",
    operations: [
      invoke("t1", {}, { recursionLimit: 2 }),
      state("t1"),
      invoke("t1", null),
      history("t1"),
      invoke("t2", {}),
      invoke("t3", {}, { recursionLimit: 3 }),
      history("t3"),
    ],
  },
  {
    case: "multi-interrupt",
    graph: "multi-interrupt",
    description: "One node calls interrupt() twice: two successive interrupts with different ids. Input {} writes no channel, so the interrupted run's output has no values.",
    operations: [
      invoke("t1", {}),
      command("t1", { resume: "A" }),
      state("t1"),
      command("t1", { resume: "B" }),
      history("t1"),
      invoke("t2", { answers: [] }),
      command("t2", { resumeByInterrupt: { "interrupt-2": "A" } }),
      command("t2", { resumeByInterrupt: { "interrupt-3": "B" } }),
      state("t2"),
    ],
  },
  {
    case: "parallel-interrupts",
    graph: "parallel-interrupts",
    description: "Two parallel nodes interrupt in one superstep; resume both by id at once, or one at a time.",
    operations: [
      invoke("t1", {}),
      state("t1"),
      command("t1", { resumeByInterrupt: { "interrupt-0": "x", "interrupt-1": "y" } }),
      state("t1"),
      history("t1"),
      invoke("t2", { answers: [] }),
      command("t2", { resumeByInterrupt: { "interrupt-2": "only-p" } }),
      state("t2"),
      command("t2", { resumeByInterrupt: { "interrupt-3": "then-q" } }),
      history("t2"),
    ],
  },
  {
    case: "branch",
    graph: "branch",
    description: "Conditional edges with a path map: left, right, and a key missing from the map.",
    operations: [invoke("t1", { dir: "left" }), invoke("t2", { dir: "right" }), history("t2"), invoke("t3", { dir: "up" }), state("t3")],
  },
  {
    case: "command-node",
    graph: "command-node",
    description: "A node returning Command(update, goto) chooses the next node.",
    operations: [invoke("t1", { target: "left" }), history("t1"), invoke("t2", { target: "right" }), state("t2")],
  },

  // ------------------------------------------------------------------ stream output (run-worker's GoldenStreamTests)
  {
    case: "stream-counter",
    graph: "counter",
    description: "A two-step run streamed with every mode at once, then with values only and updates only.",
    operations: [
      stream("t1", { count: 0 }, ALL_MODES),
      stream("t2", { count: 0 }, ["values"]),
      stream("t3", { count: 0 }, ["updates"]),
    ],
  },
  {
    case: "stream-counter-breakpoint",
    graph: "counter",
    description: "interruptBefore [b]: the breakpoint's empty interrupt, then the resume with a null input re-reads the state.",
    operations: [
      stream("t1", { count: 0 }, ["values", "updates", "tasks", "checkpoints"], { config: beforeB }),
      stream("t1", null, ["values", "updates", "tasks", "checkpoints"], { config: beforeB }),
      stream("t2", { count: 0 }, ["values", "debug"], { config: beforeB }),
    ],
  },
  {
    case: "stream-hitl",
    graph: "hitl",
    description: "A dynamic interrupt streamed with updates (and without: values only), then Command(resume).",
    operations: [
      stream("t1", { question: "q" }, ["values", "updates", "tasks", "debug"]),
      streamCommand("t1", { resume: "yes" }, ["values", "updates", "tasks", "debug"]),
      stream("t2", { question: "q2" }, ["values"]),
      streamCommand("t2", { resume: "no" }, ["values"]),
    ],
  },
  {
    case: "stream-fail",
    graph: "fail",
    description: "A node that throws: the stream ends with the error.",
    operations: [stream("t1", { x: 1 }, ["values", "updates", "tasks", "checkpoints", "debug"])],
  },
  {
    case: "stream-fanout",
    graph: "fanout",
    description: "Parallel branches and a join: the order of parallel updates and task events within a step.",
    operations: [stream("t1", {}, ["values", "updates", "tasks"])],
  },
  {
    case: "stream-parallel-interrupts",
    graph: "parallel-interrupts",
    description: "Two parallel nodes interrupt in one step: one __interrupt__ update per task; then both resumed by id.",
    operations: [
      stream("t1", {}, ["values", "updates", "tasks"]),
      streamCommand("t1", { resumeByInterrupt: { "interrupt-0": "x", "interrupt-1": "y" } }, ["values", "updates", "tasks"]),
      stream("t2", { answers: [] }, ["values"]),
    ],
  },
  {
    case: "stream-mapreduce",
    graph: "mapreduce",
    description: "Send fan-out: the pushed tasks' triggers and results, and the checkpoints around them.",
    operations: [stream("t1", { subjects: ["x", "y"] }, ["updates", "tasks", "checkpoints"])],
  },
  {
    case: "stream-subgraph",
    graph: "subgraph",
    description: "A subgraph node streamed with subgraphs (events under namespace [sub:<task>]) and without.",
    operations: [
      stream("t1", { count: 0 }, ["values", "updates", "tasks", "checkpoints", "debug"], { subgraphs: true }),
      stream("t2", { count: 0 }, ["values", "updates", "tasks", "checkpoints", "debug"]),
    ],
  },
  {
    case: "stream-subgraph-hitl",
    graph: "subgraph-hitl",
    description: "An interrupt inside a subgraph, streamed with subgraphs, then Command(resume).",
    operations: [
      stream("t1", {}, ["values", "updates"], { subgraphs: true }),
      streamCommand("t1", { resume: "deep" }, ["values", "updates"], { subgraphs: true }),
    ],
  },
  {
    case: "stream-chat",
    graph: "chat",
    description: "A node streaming an AI message word by word (messages), sending a custom event, returning the message.",
    operations: [
      stream("t1", { messages: [{ type: "human", content: "hello there" }] }, ["messages", "custom", "updates", "values"]),
      stream("t2", { messages: [{ type: "human", content: "hi" }] }, ["messages"]),
    ],
  },
  {
    case: "stream-subgraph-chat",
    graph: "subgraph-chat",
    description: "Message chunks and custom events from a node inside a subgraph, with subgraphs and without.",
    operations: [
      stream("t1", { messages: ["hey"] }, ["messages", "custom", "updates"], { subgraphs: true }),
      stream("t2", { messages: ["hey"] }, ["messages", "custom", "updates"]),
    ],
  },
];
