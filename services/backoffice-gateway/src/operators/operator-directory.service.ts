import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Collection, Db } from 'mongodb';
import {
  MailChoices,
  mailChoicesOf,
  OperatorEnvelope,
  OperatorIntegrationEvent,
  OperatorRole,
  OperatorSnapshot,
  ruleBroken,
} from '@signstash/contracts';
import { isDuplicateKey, MONGO_DB } from '@signstash/platform';
import { endSessionsOf, MailChoiceChange, OPERATORS_COLLECTION, OperatorDocument } from './operator.document';
import { hashPassword } from './password-hasher';

export interface NewOperator {
  issuerId: string;
  issuerName: string;
  name: string;
  email: string;
  role: OperatorRole;
  password: string;
}

export class OperatorDirectoryError extends Error {
  constructor(
    readonly kind: 'conflict' | 'not-found' | 'invalid',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const MIN_PASSWORD_LENGTH = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const envelope = (document: OperatorDocument, event: OperatorIntegrationEvent): OperatorEnvelope => ({
  eventId: randomUUID(),
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  issuerId: document.issuerId,
  aggregateId: document._id,
  streamRevision: 0,
  ...event,
});

const snapshot = (document: OperatorDocument): OperatorSnapshot => ({
  operatorId: document._id,
  issuerId: document.issuerId,
  name: document.name,
  email: document.email,
  role: document.role,
  ...(document.mail ? { mail: document.mail } : {}),
});

/** The gateway's operator accounts; each change carries its directory event for the outbox relay. */
@Injectable()
export class OperatorDirectory implements OnModuleInit {
  private readonly operators: Collection<OperatorDocument>;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {
    this.operators = db.collection<OperatorDocument>(OPERATORS_COLLECTION);
  }

  async onModuleInit() {
    await this.operators.createIndex({ emailLower: 1 }, { unique: true });
    await this.operators.createIndex({ issuerId: 1 });
  }

  async create(input: NewOperator): Promise<OperatorDocument> {
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw new OperatorDirectoryError('invalid', 'the e-mail address is not valid', 'email');
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new OperatorDirectoryError(
        'invalid',
        `the password needs at least ${MIN_PASSWORD_LENGTH} characters`,
        'password',
      );
    }
    if (!input.issuerId.trim() || !input.name.trim())
      throw new OperatorDirectoryError('invalid', 'issuer and name are required');
    const now = new Date();
    const issuerId = input.issuerId.trim();
    const document: OperatorDocument = {
      _id: randomUUID(),
      issuerId,
      issuerName: await this.issuerNameFor(issuerId, input.issuerName.trim()),
      name: input.name.trim(),
      email,
      emailLower: email.toLowerCase(),
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
      updatedAt: now,
      outbox: [],
    };
    document.outbox = [envelope(document, { type: 'OperatorCreated', data: snapshot(document) })];
    try {
      await this.operators.insertOne(document);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new OperatorDirectoryError('conflict', `an operator with e-mail ${email} already exists`, 'email');
      }
      throw error;
    }
    return document;
  }

  /**
   * The name given, or when none is (or only the issuer's id, as the CLI's default), the name the
   * issuer's other operators already show: the header must not show a viewer the id. Also read at
   * sign-in, for operators added that way before.
   */
  async issuerNameFor(issuerId: string, given: string): Promise<string> {
    if (given && given !== issuerId) return given;
    const known = await this.operators.findOne(
      { issuerId, issuerName: { $ne: issuerId } },
      { projection: { issuerName: 1 } },
    );
    return known?.issuerName ?? issuerId;
  }

  async change(operatorId: string, changes: Partial<Pick<NewOperator, 'name' | 'role' | 'password'>>): Promise<void> {
    const current = await this.operators.findOne({ _id: operatorId, removedAt: { $exists: false } });
    if (!current) throw new OperatorDirectoryError('not-found', 'operator not found');
    const next = {
      ...current,
      ...(changes.name ? { name: changes.name.trim() } : {}),
      ...(changes.role ? { role: changes.role } : {}),
    };
    await this.operators.updateOne(
      { _id: operatorId },
      {
        $set: {
          name: next.name,
          role: next.role,
          updatedAt: new Date(),
          ...(changes.password ? { passwordHash: await hashPassword(changes.password) } : {}),
        },
        $push: { outbox: envelope(next, { type: 'OperatorChanged', data: snapshot(next) }) },
      },
    );
    if (next.role !== current.role) await endSessionsOf(this.db, operatorId);
  }

  /**
   * An operator's own choice of e-mails, published with the operator so the notification service
   * mails accordingly, and recorded with its time. The expiry notice cannot be turned off by an
   * issuer operator: someone who can renew must hear of an expiry.
   */
  async changeMailChoices(operatorId: string, changes: Partial<MailChoices>): Promise<MailChoices> {
    const current = await this.operators.findOne({ _id: operatorId, removedAt: { $exists: false } });
    if (!current) throw new OperatorDirectoryError('not-found', 'operator not found');
    if (current.role === 'issuer-operator' && changes.expiries === false) {
      // Well-formed, refused by a rule of the role (422): the schema cannot say who may turn it off.
      throw ruleBroken(
        'expiries',
        'The expiry notice always goes to issuer operators: someone who can renew must hear of an expiry.',
      );
    }
    const from = mailChoicesOf(current);
    const to = mailChoicesOf({ role: current.role, mail: { ...from, ...changes } });
    if (from.warnings === to.warnings && from.expiries === to.expiries) return from;
    const next = { ...current, mail: to };
    // Guarded by the choice read: of two changes at once, the second is decided again on what the first left.
    const { modifiedCount } = await this.operators.updateOne(
      { _id: operatorId, updatedAt: current.updatedAt },
      {
        $set: { mail: to, updatedAt: new Date() },
        $push: {
          mailChanges: { at: new Date(), from, to },
          outbox: envelope(next, { type: 'OperatorChanged', data: snapshot(next) }),
        },
      },
    );
    return modifiedCount === 1 ? to : this.changeMailChoices(operatorId, changes);
  }

  async remove(operatorId: string): Promise<void> {
    const current = await this.operators.findOne({ _id: operatorId, removedAt: { $exists: false } });
    if (!current) throw new OperatorDirectoryError('not-found', 'operator not found');
    await this.operators.updateOne(
      { _id: operatorId },
      {
        $set: { removedAt: new Date(), updatedAt: new Date() },
        $push: {
          outbox: envelope(current, { type: 'OperatorRemoved', data: { operatorId, issuerId: current.issuerId } }),
        },
      },
    );
    await endSessionsOf(this.db, operatorId);
  }

  findActiveByEmail(email: string): Promise<OperatorDocument | null> {
    return this.operators.findOne({ emailLower: email.trim().toLowerCase(), removedAt: { $exists: false } });
  }

  findActiveById(operatorId: string): Promise<OperatorDocument | null> {
    return this.operators.findOne({ _id: operatorId, removedAt: { $exists: false } });
  }

  /**
   * The names of an issuer's operators, removed ones included: the owning services record who acted
   * by id only, and a past change keeps its author. Ids of other issuers (or "system") stay unnamed.
   */
  async namesOf(issuerId: string, operatorIds: Array<string | undefined>): Promise<Map<string, string>> {
    const ids = [...new Set(operatorIds.filter((id): id is string => Boolean(id)))];
    if (ids.length === 0) return new Map();
    const documents = await this.operators.find({ _id: { $in: ids }, issuerId }, { projection: { name: 1 } }).toArray();
    return new Map(documents.map((document) => [document._id, document.name]));
  }

  /** History lines with the name of the operator who made each (`by`), where the issuer has one by that id. */
  async withNames<T extends { by: string }>(issuerId: string, items: T[]): Promise<Array<T & { byName?: string }>> {
    const names = await this.namesOf(
      issuerId,
      items.map((item) => item.by),
    );
    return items.map((item) => ({ ...item, byName: names.get(item.by) }));
  }

  /** The mail choices the issuer's operators made, removed operators' included, each with its author. */
  async mailChangesOf(issuerId: string): Promise<Array<MailChoiceChange & { operatorId: string; name: string }>> {
    const documents = await this.operators
      .find({ issuerId, mailChanges: { $exists: true } }, { projection: { name: 1, mailChanges: 1 } })
      .toArray();
    return documents.flatMap((document) =>
      (document.mailChanges ?? []).map((change) => ({ ...change, operatorId: document._id, name: document.name })),
    );
  }

  collection(): Collection<OperatorDocument> {
    return this.operators;
  }
}
