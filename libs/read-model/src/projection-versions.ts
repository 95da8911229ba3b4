import type { Logger } from '@nestjs/common';
import type { Db } from 'mongodb';
import { AnyProjection, checkpointId, physicalCollectionName } from './projection';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { ReadModelAlias, ReadModelAliases } from './read-model-aliases';
import type { StopSignal } from './stop-signal';

/** The physical collections of one projection's versions and which of them readers use. */
export class ProjectionVersions {
  private readonly aliases: ReadModelAliases;

  constructor(
    private readonly db: Db,
    private readonly projection: AnyProjection,
    private readonly checkpoints: ProjectionCheckpoints,
    private readonly logger: Logger,
  ) {
    this.aliases = new ReadModelAliases(db);
  }

  readers(): Promise<ReadModelAlias | undefined> {
    return this.aliases.get(this.projection.collection);
  }

  /** One atomic write of the alias; returns what readers use afterwards (a newer version may have won). */
  async switchReaders(): Promise<ReadModelAlias | undefined> {
    await this.aliases.switchTo({
      _id: this.projection.collection,
      collection: physicalCollectionName(this.projection),
      projection: this.projection.name,
      version: this.projection.version,
    });
    return this.readers();
  }

  /** After the grace period readers may still use a cached name, drops the previous version. */
  async dropLater(previous: ReadModelAlias, signal: StopSignal, graceMs: number): Promise<void> {
    if (previous.collection === physicalCollectionName(this.projection)) return;
    if (!(await signal.sleep(graceMs))) return;
    try {
      await this.drop(previous.collection);
      await this.checkpoints.remove(`${previous.projection}@v${previous.version}`);
      this.logger.log(`dropped ${previous.collection}`);
    } catch (error) {
      this.logger.warn(`could not drop ${previous.collection}, the next start retries: ${String(error)}`);
    }
  }

  /**
   * Leftovers of older versions (a drop cut short by a stop, or an old instance that wrote on for a
   * moment after the switch). Newer versions' collections are kept: a rebuild in progress resumes.
   */
  async removeOlder(): Promise<void> {
    const pattern = new RegExp(`^${escapeRegExp(this.projection.collection)}_v(\\d+)$`);
    const names = await this.db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of names) {
      const version = Number(pattern.exec(name)?.[1] ?? Infinity);
      if (version >= this.projection.version) continue;
      await this.drop(name);
      await this.checkpoints.remove(checkpointId({ name: this.projection.name, version }));
      this.logger.log(`removed ${name}, left over from version ${version}`);
    }
  }

  private async drop(name: string): Promise<void> {
    await this.db
      .collection(name)
      .drop()
      .catch((error: { codeName?: string }) => {
        if (error.codeName !== 'NamespaceNotFound') throw error;
      });
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
