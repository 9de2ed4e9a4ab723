// Serves the browser example on loopback with the headers that make the page cross-origin
// isolated (COOP/COEP), so its workers share memory instead of copying volumes:
//   node examples/browser/serve.mjs [port]     then open http://127.0.0.1:8080/
// Static files only; nothing is uploaded anywhere.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".map": "application/json", ".css": "text/css", ".png": "image/png" };

/** Starts the server on 127.0.0.1 (port 0: any free port); resolves to it once listening. */
export function serveExample(port = 8080) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
    const file = join(ROOT, path.endsWith("/") ? join(path, "index.html") : path);
    if (!file.startsWith(ROOT) || file.split(sep).includes("..")) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
        "cache-control": "no-store",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await serveExample(Number(process.argv[2] ?? 8080));
  console.log(`radiomics browser example: http://127.0.0.1:${server.address().port}/`);
}
