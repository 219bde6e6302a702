/* global process, setInterval */
// Preloaded into the launcher's Node children (`node --import …`): when the launcher dies without
// stopping them (SIGKILL, a crash), they exit instead of living on as orphans that hold its ports.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();
