import { mkdtempSync, rmSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
import { raw, signstash } from './scripts/bench/event-store-subjects';
(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'a-')); let n = 0;
  for (let k = 0; k < 3; k++) for (const [name, s] of [['ours', signstash], ['raw', raw]] as const) {
    const t = process.hrtime.bigint(); const c = await s.singleAppends(join(dir, `${n++}.db`), 2000); console.log(name, Math.round(c / (Number(process.hrtime.bigint() - t) / 1e9)));
  }
  rmSync(dir, { recursive: true });
})();
