/* global process */
// Preloaded into the app's process (`node --import`, see web.ts). `process.env` is a native object:
// every read of a variable, and every listing of them, calls into C++ and copies strings. The
// Inngest SDK lists the whole environment several times a request (~80 µs each with npm's ~90
// variables), ~1.4 ms of the app's CPU a run. A plain copy answers the same reads; child processes
// and worker threads are given it as their environment, as they are given `process.env`.
// The app never changes its environment while it runs.
process.env = { ...process.env };
