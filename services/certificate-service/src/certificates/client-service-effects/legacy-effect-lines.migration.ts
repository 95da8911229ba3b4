import type { Db } from 'mongodb';
import { groupBy } from '@signstash/platform';
import {
  ClientServiceEffectDocument,
  ClientServiceEffectsDocument,
  clientServiceEffectsProjection,
} from './client-service-effects.projection';

/** Where the effect lines were kept, one document each, before they moved into their client service's document. */
export const LEGACY_EFFECT_LINES = 'certificate_client_service_effects';

/**
 * Folds the lines of a database written before into the client services' documents, then drops
 * their collection: the topic they came from is not kept long enough to rebuild them. Run before the
 * consumer starts; idempotent (each document gets its lines merged by id and set whole), so replicas
 * starting together may both run it. Lines of a client service that has no document yet are kept,
 * and so is their collection, for the next start: a line is never dropped unread.
 */
export async function foldLegacyEffectLines(db: Db): Promise<number> {
  const legacy = db.collection<ClientServiceEffectDocument>(LEGACY_EFFECT_LINES);
  const views = db.collection<ClientServiceEffectsDocument>(clientServiceEffectsProjection.collection);
  const lines = await legacy.find().toArray();
  let folded = 0;
  let kept = 0;
  for (const [clientServiceId, ofView] of groupBy(lines, (line) => line.clientServiceId)) {
    const view = await views.findOne({ _id: clientServiceId });
    if (!view) {
      kept += ofView.length;
      continue;
    }
    const effects = [...(view.effects ?? [])];
    for (const { _id, type, revision, at, by } of ofView) {
      if (effects.some((effect) => effect._id === _id)) continue;
      effects.push({ _id, type, revision, at, by });
      folded++;
    }
    await views.updateOne({ _id: clientServiceId }, { $set: { effects } });
  }
  if (kept > 0) return folded;
  // A replica starting beside this one may have dropped it first.
  await legacy.drop().catch((error: { codeName?: string }) => {
    if (error.codeName !== 'NamespaceNotFound') throw error;
  });
  return folded;
}
