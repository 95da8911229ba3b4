import type { Issued } from '@signstash/contracts';
import { CaAccess, MANUAL_CA, CertificateEvent, CertificateState, evolve, initialState } from './certificate.aggregate';
import {
  checkAccessExpiry,
  checkAlias,
  checkDescription,
  conflict,
  DAY_MS,
  signatureLimitOf,
  signatureUsageStage,
  daysLeft,
  formatInstant,
  invalid,
  notFound,
  thresholdsOfPeriod,
  ruleBroken,
  thresholdToWarn,
} from './certificate.rules';
import type {
  AccessTerms,
  CertificateCommand,
  ChangeCertificateDetails,
  ChangeCertificateStatus,
  CheckSignatureUsage,
  ExpireAccess,
  IssueAccessExpiryWarning,
  RegisterCertificate,
  RenewAccess,
} from './certificate.commands';

type Registered = Extract<CertificateState, { status: 'registered' }>;

/**
 * The access a grant gives, checked against the certificate: a CA grant runs from now for the CA's
 * period (never past the certificate's own end); a manual one keeps its typed dates.
 */
function grantAccess(terms: AccessTerms, validTo: string, at: Date, field: 'access' | 'expiresAt'): CaAccess {
  const expiryField = field === 'access' ? 'access.expiresAt' : 'expiresAt';
  const credentialId = terms.credentialId.trim();
  if (!credentialId) throw invalid('access.credentialId', 'Choose the credential at the CA.');
  if (terms.kind === 'ca') {
    const grantedAt = at.toISOString();
    const end = Math.min(at.getTime() + terms.periodDays * DAY_MS, Date.parse(validTo));
    const expiresAt = new Date(end).toISOString();
    return {
      ca: terms.ca,
      caName: terms.caName,
      credentialId,
      grantedAt,
      expiresAt,
      signatureLimit: terms.signatureLimit,
    };
  }
  if (!terms.caName.trim()) throw invalid('access.provider', 'Enter the Certificate Authority (provider).');
  if (Number.isNaN(Date.parse(terms.grantedAt)))
    throw invalid('access.grantedAt', 'Enter a valid date for when the access was granted.');
  if (Date.parse(terms.grantedAt) > at.getTime()) {
    throw ruleBroken('access.grantedAt', 'The access cannot be granted in the future.');
  }
  checkAccessExpiry(terms.expiresAt, validTo, at, expiryField);
  return {
    ca: MANUAL_CA,
    caName: terms.caName.trim(),
    credentialId,
    grantedAt: new Date(terms.grantedAt).toISOString(),
    expiresAt: new Date(terms.expiresAt).toISOString(),
  };
}

function register({ data: command }: RegisterCertificate, state: CertificateState): CertificateEvent[] {
  if (state.status === 'registered') throw conflict('This certificate is already registered.');
  const at = command.at;
  const { validFrom, validTo } = command.certificate;
  if (Date.parse(validTo) <= at.getTime())
    throw ruleBroken('pem', `This certificate expired on ${formatInstant(validTo)}. Register one that is still valid.`);
  if (Date.parse(validFrom) > Date.parse(validTo))
    throw ruleBroken('pem', 'This certificate is never valid: its validity ends before it begins.');
  const access = grantAccess(command.access, validTo, at, 'access');
  return [
    {
      type: 'CertificateRegistered',
      data: {
        certificateId: command.certificateId,
        issuerId: command.issuerId,
        by: command.by,
        at: at.toISOString(),
        alias: checkAlias(command.alias),
        description: checkDescription(command.description),
        certificate: command.certificate,
        access,
      },
    },
  ];
}

const audit = (state: Registered, command: { data: Issued }) => ({
  certificateId: state.certificateId,
  issuerId: state.issuerId,
  by: command.data.by,
  at: command.data.at.toISOString(),
});

function changeDetails(command: ChangeCertificateDetails, state: Registered): CertificateEvent[] {
  const alias = command.data.alias === undefined ? undefined : checkAlias(command.data.alias);
  const description = command.data.description === undefined ? undefined : checkDescription(command.data.description);
  const aliasChange = alias !== undefined && alias !== state.alias ? { from: state.alias, to: alias } : undefined;
  const descriptionChange =
    description !== undefined && description !== state.description
      ? { from: state.description, to: description }
      : undefined;
  if (!aliasChange && !descriptionChange) return [];
  return [
    {
      type: 'CertificateDetailsChanged',
      data: {
        ...audit(state, command),
        ...(aliasChange ? { alias: aliasChange } : {}),
        ...(descriptionChange ? { description: descriptionChange } : {}),
      },
    },
  ];
}

function changeStatus(command: ChangeCertificateStatus, state: Registered): CertificateEvent[] {
  const reason = command.data.reason.trim();
  if (!reason) throw invalid('reason', 'Enter the reason for this status change.');
  if (command.data.status === state.certificateStatus) return [];
  return [
    {
      type: 'CertificateStatusChanged',
      data: { ...audit(state, command), from: state.certificateStatus, to: command.data.status, reason },
    },
  ];
}

function renew(command: RenewAccess, state: Registered): CertificateEvent[] {
  const { state: accessState, period, warnedThresholds: _warned, usageWarnedAt: _usage, ...previous } = state.access;
  const given = command.data.access;
  // A manual renewal keeps the CA name and credential unless new ones are given.
  const terms: AccessTerms =
    given.kind === 'manual'
      ? {
          ...given,
          caName: given.caName.trim() || previous.caName,
          credentialId: given.credentialId.trim() || previous.credentialId,
        }
      : given;
  // A CA access is renewed only by a new grant at that CA for that credential; a manual one only by hand.
  if (terms.kind === 'ca' && (terms.ca !== previous.ca || terms.credentialId !== previous.credentialId)) {
    throw conflict(
      `This access was granted at ${previous.caName} for the credential ${previous.credentialId}: renew it there, for that credential.`,
    );
  }
  if (terms.kind === 'manual' && previous.ca !== MANUAL_CA) {
    throw conflict(
      `This access was granted at ${previous.caName}: renew it through the CA ("Renew" on the CA access card).`,
    );
  }
  const access = grantAccess(terms, state.validTo, command.data.at, 'expiresAt');
  // Shortening a manual access is allowed, but never by mistake: it takes an explicit confirmation.
  if (
    terms.kind === 'manual' &&
    Date.parse(access.expiresAt) < Date.parse(previous.expiresAt) &&
    !command.data.confirmEarlierExpiry
  ) {
    throw conflict(
      `The new expiration date (${formatInstant(access.expiresAt)}) is earlier than the current one ` +
        `(${formatInstant(previous.expiresAt)}): confirm to shorten the CA access.`,
      'confirmEarlierExpiry',
    );
  }
  return [
    {
      type: 'AccessRenewed',
      data: { ...audit(state, command), period: period + 1, previous, access, wasExpired: accessState === 'expired' },
    },
  ];
}

function warn(command: IssueAccessExpiryWarning, state: Registered): CertificateEvent[] {
  if (state.access.state === 'expired') return [];
  const threshold = thresholdToWarn(
    state.access.expiresAt,
    command.data.at,
    thresholdsOfPeriod(command.data.thresholdsDays, state.access),
    state.access.warnedThresholds,
  );
  if (threshold === undefined) return [];
  return [
    {
      type: 'AccessExpiring',
      data: {
        ...audit(state, command),
        period: state.access.period,
        thresholdDays: threshold,
        daysLeft: daysLeft(state.access.expiresAt, command.data.at),
        expiresAt: state.access.expiresAt,
        provider: state.access.caName,
      },
    },
  ];
}

function expire(command: ExpireAccess, state: Registered): CertificateEvent[] {
  if (state.access.state === 'expired') return [];
  if (command.data.at.getTime() < Date.parse(state.access.expiresAt)) {
    throw conflict(`The access does not expire before ${formatInstant(state.access.expiresAt)}.`);
  }
  return [
    {
      type: 'AccessExpired',
      data: {
        ...audit(state, command),
        period: state.access.period,
        expiresAt: state.access.expiresAt,
        provider: state.access.caName,
        reason: 'time',
      },
    },
  ];
}

function checkUsage(command: CheckSignatureUsage, state: Registered): CertificateEvent[] {
  const { access } = state;
  if (access.state === 'expired') return [];
  if (Date.parse(command.data.grantedAt) !== Date.parse(access.grantedAt)) return [];
  const limit = signatureLimitOf(access);
  const { signatures, at } = command.data;
  const common = {
    ...audit(state, command),
    period: access.period,
    expiresAt: access.expiresAt,
    provider: access.caName,
  };
  switch (signatureUsageStage(signatures, limit)) {
    case 'limit':
      return [{ type: 'AccessExpired', data: { ...common, reason: 'signatures', signatures, signatureLimit: limit } }];
    case 'warn':
      if (access.usageWarnedAt && at.getTime() - Date.parse(access.usageWarnedAt) < DAY_MS) return [];
      return [
        {
          type: 'AccessUsageWarned',
          data: { ...common, grantedAt: access.grantedAt, signatures, signatureLimit: limit },
        },
      ];
    default:
      return [];
  }
}

export function decide(command: CertificateCommand, state: CertificateState): CertificateEvent[] {
  if (command.type === 'RegisterCertificate') return register(command, state);
  // The one issuer check: another issuer's certificate is answered exactly like a missing one.
  if (state.status !== 'registered' || state.issuerId !== command.data.issuerId) throw notFound();
  switch (command.type) {
    case 'ChangeCertificateDetails':
      return changeDetails(command, state);
    case 'ChangeCertificateStatus':
      return changeStatus(command, state);
    case 'RenewAccess':
      return renew(command, state);
    case 'IssueAccessExpiryWarning':
      return warn(command, state);
    case 'ExpireAccess':
      return expire(command, state);
    case 'CheckSignatureUsage':
      return checkUsage(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export const certificateDecider = { initialState, evolve, decide };
