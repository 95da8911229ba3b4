import type { Collection } from 'mongodb';
import type { ListCertificatesCsvDto } from '@signstash/api';
import type { CertificateListDocument } from '../certificate-list/certificate-list.document';
import { listFilter, listSort } from '../certificate-list/certificate-list.query';
import { csvHeader, csvRow } from './certificate-csv';

/** Rows fetched from the read model per round trip, and text handed on per chunk. */
const BATCH_SIZE = 500;
const CHUNK_CHARS = 64 * 1024;

/**
 * The issuer's certificates matching the list's filters, in the list's order, as CSV text: a cursor
 * over the read model, written as it is read. Pulled by the HTTP response, so a slow download holds
 * one batch and one chunk, whatever the row count.
 */
export async function* certificatesCsv(
  collection: Collection<CertificateListDocument>,
  issuerId: string,
  query: ListCertificatesCsvDto,
  now: Date,
): AsyncGenerator<string> {
  const cursor = collection
    .find(listFilter(issuerId, query, now))
    .sort(listSort(query))
    .batchSize(BATCH_SIZE);
  try {
    let chunk = csvHeader();
    for await (const document of cursor) {
      chunk += csvRow(document);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  } finally {
    await cursor.close();
  }
}
