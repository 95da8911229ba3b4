import { Collection, Db, Document, Filter } from 'mongodb';
import { isDuplicateKey } from '@signstash/platform';

/** Which physical collection readers of a logical read model use right now. */
export interface ReadModelAlias {
  /** The logical name, e.g. `certificate_list`. */
  _id: string;
  /** The physical collection, e.g. `certificate_list_v3`. */
  collection: string;
  projection: string;
  version: number;
  /** Which ops rebuild of `version` (0 or absent: its first build). */
  rebuild?: number;
  switchedAt: Date;
}

/** The `read_model_aliases` collection: one document per logical read model, so a switch is one atomic write. */
export class ReadModelAliases {
  private readonly aliases: Collection<ReadModelAlias>;

  constructor(db: Db, collectionName = 'read_model_aliases') {
    this.aliases = db.collection<ReadModelAlias>(collectionName);
  }

  async get(logical: string): Promise<ReadModelAlias | undefined> {
    return (await this.aliases.findOne({ _id: logical })) ?? undefined;
  }

  /**
   * Points readers at `target`, unless an equal or newer build already serves them: returns false
   * then (an instance running older code must not switch readers back).
   */
  async switchTo(target: Omit<ReadModelAlias, 'switchedAt'>, now = new Date()): Promise<boolean> {
    const rebuild = target.rebuild ?? 0;
    const olderBuild: Filter<ReadModelAlias>[] = [
      { version: { $lt: target.version } },
      { version: target.version, rebuild: { $lt: rebuild } },
      // Aliases written before rebuild numbers existed are first builds.
      ...(rebuild > 0 ? [{ version: target.version, rebuild: { $exists: false } }] : []),
    ];
    try {
      const result = await this.aliases.updateOne(
        { _id: target._id, $or: olderBuild },
        {
          $set: {
            collection: target.collection,
            projection: target.projection,
            version: target.version,
            rebuild,
            switchedAt: now,
          },
        },
        { upsert: true },
      );
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

/**
 * How readers find a read model: `await readModels.collection('certificate_list')` resolves the alias,
 * cached for `cacheMs` (0 resolves on every call: one `_id` lookup in a tiny collection). A rebuild
 * drops the old collection only well after the switch, so a cached name stays readable meanwhile.
 * Before the first build has finished there is no alias and reads see an empty collection.
 */
export class ReadModelResolver {
  private readonly aliases: ReadModelAliases;
  private readonly cache = new Map<string, { collection: string; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly options: { cacheMs?: number; aliasesCollection?: string } = {},
  ) {
    this.aliases = new ReadModelAliases(db, options.aliasesCollection);
  }

  async collection<Doc extends Document = Document>(logical: string): Promise<Collection<Doc>> {
    return this.db.collection<Doc>(await this.physicalName(logical));
  }

  async physicalName(logical: string): Promise<string> {
    const now = Date.now();
    const cached = this.cache.get(logical);
    if (cached && cached.until > now) return cached.collection;
    const alias = await this.aliases.get(logical);
    if (!alias) return logical;
    this.cache.set(logical, { collection: alias.collection, until: now + (this.options.cacheMs ?? 500) });
    return alias.collection;
  }
}
