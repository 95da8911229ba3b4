import { MongoBulkWriteError, MongoServerError } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** A write refused because a document with the same unique key (`_id` or a unique index) exists. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** The write errors of a failed bulk write (the driver gives one or an array). */
const writeErrorsOf = (error: MongoBulkWriteError) => [error.writeErrors].flat();

/** Whether any write of a bulk write (or the single write) was refused as a duplicate. */
export function hasDuplicateKey(error: unknown): boolean {
  return (
    isDuplicateKey(error) ||
    (error instanceof MongoBulkWriteError && writeErrorsOf(error).some((failure) => failure?.code === DUPLICATE_KEY))
  );
}

/**
 * For an unordered `insertMany` that failed: the positions of the documents refused as duplicates
 * (the others were inserted), or undefined when any failure has another cause.
 */
export function duplicatePositions(error: unknown): Set<number> | undefined {
  if (!(error instanceof MongoBulkWriteError)) return undefined;
  const failures = writeErrorsOf(error);
  if (failures.length === 0 || failures.some((failure) => failure.code !== DUPLICATE_KEY)) return undefined;
  return new Set(failures.map((failure) => failure.index));
}

/** Whether every write refused by this error (a bulk write's, or the single one) was a duplicate. */
export function onlyDuplicateKeys(error: unknown): boolean {
  return error instanceof MongoBulkWriteError ? duplicatePositions(error) !== undefined : isDuplicateKey(error);
}
