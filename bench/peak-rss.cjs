// Preloaded by bench/run.mjs (node --require): writes the process's peak resident set
// (kB, worker threads included) to $PEAK_RSS_FILE when it exits.
"use strict";
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
