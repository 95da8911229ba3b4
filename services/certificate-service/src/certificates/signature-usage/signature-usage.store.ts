import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import type { SignatureIntegrationEvent } from '@signstash/contracts';
import { groupBy, MONGO_DB } from '@signstash/platform';
import { DAY_MS } from '../certificate.rules';
import { carryOverCountedBefore } from './counted-before.migration';
import { PeriodLocks } from './period-locks';
import {
  SIGNATURE_REPORTS,
  SIGNATURE_USAGE,
  SignatureReportDocument,
  SignatureUsageDocument,
} from './signature-usage.documents';

/** One report as the signing side published it, under its report id (the message's). */
export type SignatureReport = SignatureIntegrationEvent['data'] & { reportId: string };

/** Running totals kept; past it they are summed again from the stored reports on their next report. */
const KNOWN_PERIODS = 100_000;
const DUPLICATE_KEY = 11000;

/** A change to a period's warning state: warned at `at`, or (undefined) no more daily warnings for it. */
export interface Warning {
  usage: SignatureUsageDocument;
  at: Date | undefined;
}

/** Grant instants as reports spell them → as period ids spell them (every report of a period repeats one). */
const instants = new Map<string, string>();
const instantOf = (grantedAt: string) => {
  let iso = instants.get(grantedAt);
  if (iso === undefined) {
    if (instants.size >= KNOWN_PERIODS) instants.clear();
    iso = new Date(grantedAt).toISOString();
    instants.set(grantedAt, iso);
  }
  return iso;
};

/** The access period a report counts in: `<certificate id>|<grant instant>`. */
export const usageId = (certificateId: string, grantedAt: string) => `${certificateId}|${instantOf(grantedAt)}`;

/**
 * Counts the signing side's reports outside the certificate's stream (a billion signatures would
 * make it endless; only the crossings go in it). Insert-only: a fetched batch is one unordered
 * insert of its reports keyed by report id, and a duplicate key means "counted before" (idempotent
 * without a read-modify-write, and without transactions, which FerretDB lacks). The running total
 * of each period lives in memory in the process whose consumer owns the certificate's partition
 * (reports are keyed by certificate): summed from the stored reports on first touch (after a start
 * or a rebalance, see `forget`), then advanced only by the reports the insert actually added. So a
 * crash between the insert and the total is harmless: the next owner sums what was stored.
 */
@Injectable()
export class SignatureUsageStore implements OnModuleInit {
  private readonly usage: Collection<SignatureUsageDocument>;
  private readonly reports: Collection<SignatureReportDocument>;
  private readonly totals = new Map<string, SignatureUsageDocument>();
  /** One batch at a time per period in this process, so a total is summed or advanced, never both for one report. */
  private readonly locks = new PeriodLocks();

  constructor(@Inject(MONGO_DB) private readonly db: Db) {
    this.usage = db.collection<SignatureUsageDocument>(SIGNATURE_USAGE);
    this.reports = db.collection<SignatureReportDocument>(SIGNATURE_REPORTS);
  }

  async onModuleInit(): Promise<void> {
    // No index on `period`: FerretDB's btree indexes cannot serve its pushed-down equality (`@>`), and it costs each insert.
    await this.usage.createIndex({ usageWarnedAt: 1 });
    await carryOverCountedBefore(this.db);
  }

  /** Adds the report once; returns the period's count after it (also when the report was counted before). */
  async count(report: SignatureReport): Promise<SignatureUsageDocument> {
    const [total] = await this.countAll([report]);
    return total;
  }

  /** Adds many reports (a fetched batch) in one insert; returns the running total of each period they touch. */
  async countAll(reports: SignatureReport[]): Promise<SignatureUsageDocument[]> {
    const unique = [...new Map(reports.map((report) => [report.reportId, report])).values()];
    const documents = unique.map((report) => this.documentOf(report));
    const periods = [...new Set(documents.map((document) => document.period))];
    return this.locks.holding(periods, async () => {
      const stored = await this.insertNew(documents);
      // A total held now predates this batch (the lock keeps other batches of its period out): it is
      // advanced by what this insert added, and only by that. A period without one (never counted
      // here, or forgotten by a rebalance meanwhile) is summed from what is stored, the batch included.
      const added = groupBy(stored, (document) => document.period);
      const totals = new Map<string, SignatureUsageDocument>();
      const unknown: string[] = [];
      for (const period of periods) {
        const total = this.totals.get(period);
        if (!total) unknown.push(period);
        else {
          total.signatures += (added.get(period) ?? []).reduce((sum, document) => sum + document.signatures, 0);
          totals.set(period, total);
        }
      }
      for (const total of await this.load(unknown, unique)) totals.set(total._id, total);
      return periods.map((period) => totals.get(period)!);
    });
  }

  /** Forgets the running totals (this process may no longer own their partitions, or owns new ones). */
  forget(): void {
    this.totals.clear();
  }

  private documentOf(report: SignatureReport): SignatureReportDocument {
    return {
      _id: report.reportId,
      period: usageId(report.certificateId, report.grantedAt),
      signatures: report.signatures,
      lastAt: new Date(report.lastAt),
    };
  }

  /** The documents this insert stored (the others were counted before: their ids are taken). */
  private async insertNew(documents: SignatureReportDocument[]): Promise<SignatureReportDocument[]> {
    try {
      await this.reports.insertMany(documents, { ordered: false });
      return documents;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (!errors.every((writeError) => writeError.code === DUPLICATE_KEY)) throw error;
      const taken = new Set(errors.map((writeError) => writeError.index));
      return documents.filter((_, index) => !taken.has(index));
    }
  }

  /**
   * The totals of periods this process has none for, with their warning state: the sum of their
   * stored reports, read once the batch is stored (so it holds the batch's reports, each once, with
   * the signatures stored for it: a report carried over from before counts as stored).
   */
  private async load(periods: string[], batch: SignatureReport[]): Promise<SignatureUsageDocument[]> {
    if (periods.length === 0) return [];
    const ofPeriods = batch.filter((report) => periods.includes(usageId(report.certificateId, report.grantedAt)));
    const [sums, states] = await Promise.all([
      this.sums(periods),
      this.usage.find({ _id: { $in: periods } }, { projection: { usageWarnedAt: 1 } }).toArray(),
    ]);
    const warnedAt = new Map(states.map((state) => [state._id, state.usageWarnedAt]));
    const byPeriod = groupBy(ofPeriods, (report) => usageId(report.certificateId, report.grantedAt));
    if (this.totals.size + periods.length > KNOWN_PERIODS) this.totals.clear();
    return periods.map((period) => {
      const reports = byPeriod.get(period)!;
      const { certificateId, issuerId, grantedAt } = reports[0];
      const signatures = sums.get(period) ?? 0;
      const total: SignatureUsageDocument = {
        _id: period,
        certificateId,
        issuerId,
        grantedAt: new Date(grantedAt).toISOString(),
        signatures,
      };
      const at = warnedAt.get(period);
      if (at) total.usageWarnedAt = at;
      this.totals.set(period, total);
      return total;
    });
  }

  /** The signatures stored per period (`$sum` is the one accumulator FerretDB 1.24 has of those needed). */
  private async sums(periods: string[]): Promise<Map<string, number>> {
    const match = periods.length === 1 ? { period: periods[0] } : { period: { $in: periods } };
    const rows = await this.reports
      .aggregate<{ _id: string; signatures: number }>([
        { $match: match },
        { $group: { _id: '$period', signatures: { $sum: '$signatures' } } },
      ])
      .toArray();
    return new Map(rows.map((row) => [row._id, row.signatures]));
  }

  /** Records the batch's changes to its periods' warning states in one write. */
  async warnedAll(warnings: Warning[]): Promise<void> {
    if (warnings.length === 0) return;
    await this.usage.bulkWrite(
      warnings.map(({ usage: { _id, certificateId, issuerId, grantedAt }, at }) => ({
        updateOne: {
          filter: { _id },
          update: at
            ? { $set: { usageWarnedAt: at }, $setOnInsert: { certificateId, issuerId, grantedAt } }
            : { $unset: { usageWarnedAt: '' as const } },
          upsert: at !== undefined,
        },
      })),
      { ordered: false },
    );
    for (const { usage, at } of warnings) {
      const total = this.totals.get(usage._id);
      if (total) total.usageWarnedAt = at;
    }
  }

  /** The periods past the ratio whose last warning is a day old or more, with their counts. */
  async dueForDailyWarning(now: Date): Promise<SignatureUsageDocument[]> {
    const due = await this.usage.find({ usageWarnedAt: { $lte: new Date(now.getTime() - DAY_MS) } }).toArray();
    const sums = due.length > 0 ? await this.sums(due.map((usage) => usage._id)) : new Map<string, number>();
    return due.map((usage) => ({ ...usage, signatures: sums.get(usage._id) ?? 0 }));
  }

  /** The count of one access period and its last signature, from the stored reports (none yet: undefined). */
  async of(certificateId: string, grantedAt: string): Promise<{ signatures: number; lastAt: Date } | undefined> {
    const period = usageId(certificateId, grantedAt);
    const [signatures, [last]] = await Promise.all([
      this.sums([period]),
      this.reports
        .find({ period }, { projection: { lastAt: 1 } })
        .sort({ lastAt: -1 })
        .limit(1)
        .toArray(),
    ]);
    return last ? { signatures: signatures.get(period) ?? 0, lastAt: last.lastAt } : undefined;
  }
}
