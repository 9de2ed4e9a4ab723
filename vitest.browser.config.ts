import { defineConfig } from "vitest/config";

// The browser example under headless Chromium (Debian's `chromium`, driven by playwright-core):
// `npm run test:browser`, after `npm run build`. Kept apart from `npm test`, which needs no browser.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
