import { Logger } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { createKafka } from '@signstash/messaging';
import { EVENT_STORE, type EventStore } from '@signstash/event-store';
import { collectTopic, GatewaySession, testEnv } from '@signstash/testing';
import { type SealedSecret, TokenCipher } from '../../services/certificate-service/src/ca-access/ca-token.cipher';
import {
  CA_AUTHORIZATIONS,
  type CaAuthorizationDocument,
} from '../../services/certificate-service/src/ca-access/ca-authorization.store';
import { CA_TOKENS, type CaTokenDocument } from '../../services/certificate-service/src/ca-access/ca-token.store';
import { CERTIFICATE_EVENTS } from '../../services/certificate-service/src/certificates/certificate.stream';
import type { SignstashSystem } from './signstash-system';

/**
 * Where a secret of the CA access must never appear, gathered from a whole test run: every API answer
 * (the browser's and the test's own calls), every line the services wrote, every stored event and
 * every Kafka message of the certificates topic.
 */
export class SecretExposure {
  readonly answers: string[] = [];
  readonly output: string[] = [];
  private readonly restore: Array<() => void> = [];

  /** Records what the process writes and what the gateway answers from now on. */
  static watch(): SecretExposure {
    const exposure = new SecretExposure();
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        exposure.output.push(String(chunk));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      exposure.restore.push(() => (stream.write = write));
    }
    const call = GatewaySession.prototype.call;
    GatewaySession.prototype.call = async function (this: GatewaySession, ...args: Parameters<typeof call>) {
      const answer = await call.apply(this, args);
      exposure.answers.push(JSON.stringify(answer));
      return answer;
    } as typeof call;
    exposure.restore.push(() => (GatewaySession.prototype.call = call));
    return exposure;
  }

  /** For a browser page: every answer of the gateway's API it receives. */
  recordAnswer = async (text: Promise<string>) => void this.answers.push(await text.catch(() => ''));

  stop(): void {
    for (const undo of this.restore.reverse()) undo();
  }

  /** The tokens the CA granted, opened from the token store with the run's key (stored sealed: checked too). */
  static async grantedTokens(system: SignstashSystem): Promise<{ tokens: string[]; stored: string }> {
    const client = await MongoClient.connect(testEnv().mongoUrl);
    try {
      const db = client.db(`${system.run}_cert`);
      const documents = await db.collection<CaTokenDocument>(CA_TOKENS).find().toArray();
      // Grants still held for a registration not completed (sealed with the authorization's `state`).
      const held = await db
        .collection<CaAuthorizationDocument>(CA_AUTHORIZATIONS)
        .find({ grant: { $exists: true } })
        .toArray();
      const cipher = new TokenCipher(system.caSecrets.tokenKey);
      const tokensOf = (sealed: SealedSecret, context: string) => {
        const grant = JSON.parse(cipher.open(sealed, context)) as Record<string, unknown>;
        return [grant.accessToken, grant.refreshToken].filter((token): token is string => typeof token === 'string');
      };
      const tokens = [
        ...documents.flatMap((document) => tokensOf(document.grant, document.certificateId)),
        ...held.flatMap((authorization) => tokensOf(authorization.grant!, authorization._id)),
      ];
      return { tokens, stored: JSON.stringify([...documents, ...held]) };
    } finally {
      await client.close();
    }
  }

  /** Every stored certificate event and every message of the certificates topic, as text. */
  static async eventsAndMessages(system: SignstashSystem): Promise<{ events: string[]; messages: string[] }> {
    const store = system.apps.certificates.get<EventStore>(EVENT_STORE);
    const text = (event: unknown) =>
      JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    const events = (await store.readAll()).map(text);
    const published = (await store.readAll({ filter: CERTIFICATE_EVENTS })).length;
    const kafka = createKafka({ clientId: `${system.run}-secrets`, brokers: testEnv().kafkaBrokers });
    const topic = await collectTopic(kafka, system.topics.certificates);
    try {
      const deadline = Date.now() + 15_000;
      while (topic.received.length < published && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      return { events, messages: topic.received.map((message) => JSON.stringify(message)) };
    } finally {
      await topic.stop();
    }
  }

  /**
   * Searches everything gathered for the CA's tokens (opened from the stores), its client secret and
   * the token key. Also says how much was searched, so a search of nothing cannot pass unseen.
   */
  async search(system: SignstashSystem) {
    const { tokens, stored } = await SecretExposure.grantedTokens(system);
    const secrets = [...tokens, system.caSecrets.clientSecret, system.caSecrets.tokenKey];
    const { events, messages } = await SecretExposure.eventsAndMessages(system);
    // The services' logger writes where the search reads: a canary logged as they log is found.
    const canary = `canary-${Date.now()}`;
    new Logger('secret-search').log(canary);
    const places = { answers: this.answers, logs: this.output, events, messages, 'token store': [stored] };
    const found = Object.entries(places).flatMap(([place, texts]) =>
      secrets.flatMap((secret, index) =>
        texts.some((text) => text.includes(secret)) ? [`secret #${index} in ${place}`] : [],
      ),
    );
    return {
      found,
      tokens: tokens.length,
      shortestSecret: Math.min(...secrets.map((secret) => secret.length)),
      answers: this.answers.length,
      logsCaptured: this.output.some((line) => line.includes(canary)),
      events: events.length,
      messages: messages.length,
    };
  }
}
