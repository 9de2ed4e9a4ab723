// Preloaded by bench/run.mjs (node --require): when the process exits, writes its peak
// resident set in kB (worker threads included: they share the process) to $PEAK_RSS_FILE.
// Linux: VmHWM from /proc/self/status, which starts afresh at exec; getrusage's maxRSS
// would still hold the parent's peak from before the exec.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");

function peakKb() {
  try {
    const match = /VmHWM:\s*(\d+)\s*kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

if (isMainThread) {
  process.on("exit", () => {
    if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(peakKb()));
  });
}
