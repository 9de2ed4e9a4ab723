import { defineConfig } from "vitest/config";

// DICOMweb against a real Orthanc (Debian's `orthanc` and `orthanc-dicomweb`, started by the test
// on loopback): `npm run test:orthanc`, after `npm run build`. Kept apart from `npm test`, which
// needs no archive (test/dicomweb.test.ts covers the reader against a small server of its own).
export default defineConfig({
  test: {
    include: ["test/orthanc/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
