import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
(async () => {
  const store = getSQLiteEventStore({ fileName: '/tmp/emm-shared.db', schema: { autoMigration: 'CreateOrUpdate' } });
  const outcomes = await Promise.allSettled(Array.from({length: 50}, async (_, w) => { let v: any = STREAM_DOES_NOT_EXIST; for (let r=0;r<4;r++) v = (await store.appendToStream(`b-${w}`, [{type:'X', data:{r}}], {expectedStreamVersion: v})).nextExpectedStreamVersion; }));
  console.log(outcomes.filter(o=>o.status==='rejected').length, 'failed', (outcomes.find(o=>o.status==='rejected') as any)?.reason?.message);
})();
