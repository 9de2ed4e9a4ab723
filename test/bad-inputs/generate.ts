/**
 * Writes the bad-input corpus to a folder and lists each entry with the command that meets
 * it and the error it must give: `npx tsx test/bad-inputs/generate.ts DIR`.
 */
import { writeCorpus } from "./corpus.js";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: npx tsx test/bad-inputs/generate.ts DIR\n");
  process.exit(2);
}
for (const entry of writeCorpus(dir)) {
  const { command, ...args } = entry.run;
  process.stdout.write(`${entry.code}\t${entry.name}\tradiomics ${command} ${Object.values(args).flat().join(" ")}\n`);
}
