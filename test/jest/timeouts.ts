// Per-tier default timeouts (Jest has no per-project testTimeout): engines and browsers need longer.
const path = expect.getState().testPath ?? '';
jest.setTimeout(path.includes('.e2e.spec.') ? 120_000 : path.includes('.int.spec.') ? 60_000 : 5_000);
