import { Inject, Injectable } from '@nestjs/common';
import { type CertificateEnvelope, mailChoicesOf, type OperatorSnapshot } from '@signstash/contracts';
import { RecipientDirectory } from '../directory/recipient-directory';
import { BACKOFFICE_URL, backofficeLink } from './backoffice-url';
import type { ComposedMail } from './composed-mail';
import type { DirectoryRead } from './mail-after-directory';
import { composeAccessExpired, composeAccessExpiring, type MailReader } from './expiry-mail.composer';
import { composeAccessUsageWarned } from './usage-mail.composer';
import { NotificationOutbox } from './notification-outbox';
import type { NotificationDocument } from './notification.document';

type Expiring = Extract<CertificateEnvelope, { type: 'AccessExpiring' }>;
type Expired = Extract<CertificateEnvelope, { type: 'AccessExpired' }>;
type UsageWarned = Extract<CertificateEnvelope, { type: 'AccessUsageWarned' }>;
type Renewed = Extract<CertificateEnvelope, { type: 'AccessRenewed' }>;

/**
 * Turns a certificate's expiry events into one recorded mail per operator of its issuer who chose
 * to get that mail (see mailChoicesOf: the role's defaults, or the operator's own choices), and
 * returns the mails it recorded (with `leaseUntil`, recorded for the sender to take at once). Its
 * look-ups go through `readDirectory`, which answers as the directory stood after the event's past.
 * Recording is idempotent per (event, operator), so a redelivered event adds no mail.
 */
@Injectable()
export class ExpiryNotifier {
  constructor(
    private readonly directory: RecipientDirectory,
    private readonly outbox: NotificationOutbox,
    @Inject(BACKOFFICE_URL) private readonly backofficeUrl: string,
  ) {}

  async onAccessExpiring(
    envelope: Expiring,
    leaseUntil: Date | undefined,
    readDirectory: DirectoryRead,
  ): Promise<NotificationDocument[]> {
    const { data } = envelope;
    const { alias, clientServices, operators } = await readDirectory(() =>
      this.lookUp(envelope.issuerId, data.certificateId),
    );
    // The ones the expiry will suspend, if nothing changes before: those ACTIVE now.
    const toSuspend = clientServices.filter((service) => service.status === 'ACTIVE').map((service) => service.name);
    const recipients = operators.filter((operator) => mailChoicesOf(operator).warnings);
    // "Expires in 5 hours" is false once it has expired: the warning is never sent after that.
    const trueUntil = new Date(data.expiresAt);
    return this.recordFor(recipients, leaseUntil, envelope, 'AccessExpiring', data.certificateId, trueUntil, (reader) =>
      composeAccessExpiring({
        ...reader,
        alias: alias ?? data.certificateId,
        provider: data.provider,
        expiresAt: data.expiresAt,
        warnedAt: envelope.occurredAt,
        clientServicesToSuspend: toSuspend,
        certificateUrl: this.link(`/certificates/${data.certificateId}`),
      }),
    );
  }

  /** Past the warning ratio of the signature limit: to the same recipients as the time warnings. */
  async onAccessUsageWarned(
    envelope: UsageWarned,
    leaseUntil: Date | undefined,
    readDirectory: DirectoryRead,
  ): Promise<NotificationDocument[]> {
    const { data } = envelope;
    const { alias, clientServices, operators } = await readDirectory(() =>
      this.lookUp(envelope.issuerId, data.certificateId),
    );
    const toSuspend = clientServices.filter((service) => service.status === 'ACTIVE').map((service) => service.name);
    const recipients = operators.filter((operator) => mailChoicesOf(operator).warnings);
    // Like a time warning, it stops being true once the access has expired.
    const trueUntil = new Date(data.expiresAt);
    return this.recordFor(
      recipients,
      leaseUntil,
      envelope,
      'AccessUsageWarned',
      data.certificateId,
      trueUntil,
      (reader) =>
        composeAccessUsageWarned({
          ...reader,
          alias: alias ?? data.certificateId,
          provider: data.provider,
          signatures: data.signatures,
          signatureLimit: data.signatureLimit,
          expiresAt: data.expiresAt,
          clientServicesToSuspend: toSuspend,
          certificateUrl: this.link(`/certificates/${data.certificateId}`),
        }),
    );
  }

  async onAccessExpired(
    envelope: Expired,
    leaseUntil: Date | undefined,
    readDirectory: DirectoryRead,
  ): Promise<NotificationDocument[]> {
    const { data } = envelope;
    const { alias, clientServices, operators } = await readDirectory(() =>
      this.lookUp(envelope.issuerId, data.certificateId),
    );
    // The client-service service suspends exactly the ACTIVE ones on this same event; some may already be.
    const suspended = clientServices
      .filter(
        (service) =>
          service.status === 'ACTIVE' || (service.status === 'SUSPENDED' && service.causeEventId === envelope.eventId),
      )
      .map((service) => service.name);
    const recipients = operators.filter((operator) => mailChoicesOf(operator).expiries);
    return this.recordFor(recipients, leaseUntil, envelope, 'AccessExpired', data.certificateId, undefined, (reader) =>
      composeAccessExpired({
        ...reader,
        alias: alias ?? data.certificateId,
        provider: data.provider,
        expiresAt: data.expiresAt,
        ...(data.reason === 'signatures' ? { signatureLimit: data.signatureLimit, expiredAt: data.at } : {}),
        suspendedClientServices: suspended,
        certificateUrl: this.link(`/certificates/${data.certificateId}`),
        clientServicesUrl: this.link('/client-services'),
      }),
    );
  }

  /** A renewal makes the certificate's unsent warnings and expiry notices untrue: they are withdrawn. */
  async onAccessRenewed(envelope: Renewed): Promise<number> {
    const reason = `not sent: the access was renewed at ${envelope.occurredAt}`;
    return this.outbox.withdraw(envelope.data.certificateId, envelope.streamRevision, reason);
  }

  private async lookUp(issuerId: string, certificateId: string) {
    const [alias, clientServices, operators] = await Promise.all([
      this.directory.aliasOf(certificateId),
      this.directory.clientServicesUsing(certificateId),
      this.directory.operatorsOf(issuerId),
    ]);
    return { alias, clientServices, operators };
  }

  private async recordFor(
    operators: Array<Pick<OperatorSnapshot, 'operatorId' | 'email' | 'name' | 'role'>>,
    leaseUntil: Date | undefined,
    envelope: CertificateEnvelope,
    kind: 'AccessExpiring' | 'AccessExpired' | 'AccessUsageWarned',
    certificateId: string,
    trueUntil: Date | undefined,
    compose: (reader: MailReader) => ComposedMail,
  ): Promise<NotificationDocument[]> {
    const recorded: NotificationDocument[] = [];
    for (const operator of operators) {
      const mail = await this.outbox.record(
        {
          _id: `${envelope.eventId}:${operator.operatorId}`,
          eventId: envelope.eventId,
          kind,
          issuerId: envelope.issuerId,
          certificateId,
          eventRevision: envelope.streamRevision,
          operatorId: operator.operatorId,
          recipient: operator.email,
          ...(trueUntil ? { trueUntil } : {}),
          ...compose({
            operatorName: operator.name,
            canRenew: operator.role === 'issuer-operator',
            settingsUrl: this.link('/settings'),
          }),
        },
        { leaseUntil },
      );
      if (mail) recorded.push(mail);
    }
    return recorded;
  }

  private link(path: string) {
    return backofficeLink(this.backofficeUrl, path);
  }
}
