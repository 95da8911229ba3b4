import type { Logger } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { AnyProjection } from './projection';
import { checkpointId, compareBuilds, parseBuild, physicalCollectionName, ProjectionBuild } from './projection-build';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { ReadModelAlias, ReadModelAliases } from './read-model-aliases';
import type { StopSignal } from '@signstash/platform';

/** The physical collections of one projection's builds and which of them readers use. */
export class ProjectionVersions {
  private readonly aliases: ReadModelAliases;
  private checkedAt = 0;

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

  /** The readers' alias if a build newer than `build` has taken it; looked up at most every `everyMs`. */
  async newerReaders(build: ProjectionBuild, everyMs: number, now = Date.now()): Promise<ReadModelAlias | undefined> {
    if (now - this.checkedAt < everyMs) return undefined;
    const readers = await this.readers();
    this.checkedAt = now;
    return readers && compareBuilds(readers, build) > 0 ? readers : undefined;
  }

  /** One atomic write of the alias; returns what readers use afterwards (a newer build may have won). */
  async switchReaders(build: ProjectionBuild): Promise<ReadModelAlias | undefined> {
    await this.aliases.switchTo({
      _id: this.projection.collection,
      collection: physicalCollectionName({ ...this.projection, ...build }),
      projection: this.projection.name,
      version: build.version,
      rebuild: build.rebuild ?? 0,
    });
    return this.readers();
  }

  /** After the grace period readers may still use a cached name, drops the previous build. */
  async dropLater(
    previous: ReadModelAlias,
    build: ProjectionBuild,
    signal: StopSignal,
    graceMs: number,
  ): Promise<void> {
    if (previous.collection === physicalCollectionName({ ...this.projection, ...build })) return;
    if (!(await signal.sleep(graceMs))) return;
    try {
      await this.drop(previous.collection);
      await this.checkpoints.remove(
        checkpointId({ name: previous.projection, version: previous.version, rebuild: previous.rebuild }),
      );
      this.logger.log(`dropped ${previous.collection}`);
    } catch (error) {
      this.logger.warn(`could not drop ${previous.collection}, the next start retries: ${String(error)}`);
    }
  }

  /**
   * Leftovers of older builds (a drop cut short by a stop, or an old instance that wrote on for a
   * moment after the switch). Newer builds' collections are kept: a rebuild in progress resumes.
   */
  async removeOlder(build: ProjectionBuild): Promise<void> {
    const names = await this.db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of names) {
      const found = parseBuild(this.projection.collection, name);
      if (!found || compareBuilds(found, build) >= 0) continue;
      await this.drop(name);
      await this.checkpoints.remove(checkpointId({ name: this.projection.name, ...found }));
      this.logger.log(`removed ${name}, left over from an older build`);
    }
  }

  /** Builds newer than the readers' one: rebuilds in progress or interrupted. */
  async newerBuilds(than: ProjectionBuild): Promise<ProjectionBuild[]> {
    const names = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return names
      .map(({ name }) => parseBuild(this.projection.collection, name))
      .filter((found): found is ProjectionBuild => !!found && compareBuilds(found, than) > 0)
      .sort(compareBuilds);
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
