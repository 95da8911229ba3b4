import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@signstash/platform';
import type { SealedSecret } from './ca-token.cipher';

/**
 * What Sign'Stash keeps from a CA to sign with a certificate later: its grant (tokens), sealed. One
 * document per certificate and access period, so a renewal's new tokens are written before its event
 * and the previous period's are removed only once the renewal is recorded: an access is never half renewed.
 */
export interface CaTokenDocument {
  _id: string;
  certificateId: string;
  issuerId: string;
  ca: string;
  credentialId: string;
  period: number;
  grant: SealedSecret;
  storedAt: Date;
}

export const CA_TOKENS = 'ca_tokens';

export const tokenRecordId = (certificateId: string, period: number) => `${certificateId}#${period}`;

@Injectable()
export class CaTokens {
  private readonly tokens: Collection<CaTokenDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.tokens = db.collection<CaTokenDocument>(CA_TOKENS);
  }

  async put(document: Omit<CaTokenDocument, '_id'>): Promise<void> {
    await this.tokens.replaceOne({ _id: tokenRecordId(document.certificateId, document.period) }, document, {
      upsert: true,
    });
  }

  /** The grant of the access period in force, once its event is recorded: the earlier periods' go. */
  async keepOnly(certificateId: string, period: number): Promise<void> {
    await this.tokens.deleteMany({ certificateId, period: { $ne: period } });
  }

  /** A grant written for a registration or renewal that was not recorded after all. */
  async remove(certificateId: string, period: number): Promise<void> {
    await this.tokens.deleteOne({ _id: tokenRecordId(certificateId, period) });
  }

  find(certificateId: string, period: number): Promise<CaTokenDocument | null> {
    return this.tokens.findOne({ _id: tokenRecordId(certificateId, period) });
  }
}
