import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser example's test needs Chromium (`npm run test:browser`), the archive's needs
    // Orthanc (`npm run test:orthanc`): vitest.browser.config.ts, vitest.orthanc.config.ts.
    exclude: ["test/browser/**", "test/orthanc/**", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
