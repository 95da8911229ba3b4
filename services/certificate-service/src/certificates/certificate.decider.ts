import {
  CaAccess,
  CertificateEvent,
  CertificateFacts,
  CertificateState,
  CertificateStatus,
  evolve,
  initialState,
} from './certificate.aggregate';
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

/**
 * Who issued a command, for which issuer, and when: an operator id or `system`, the issuer the
 * caller acts for (another issuer's certificate does not exist for it), the caller's clock reading.
 */
interface Issued {
  by: string;
  issuerId: string;
  at: Date;
}

export type RegisterCertificate = {
  type: 'RegisterCertificate';
  data: Issued & {
    certificateId: string;
    alias: string;
    description: string;
    /** Parsed outside the domain (node:crypto) from the uploaded PEM. */
    certificate: CertificateFacts;
    access: CaAccess;
  };
};
export type ChangeCertificateDetails = {
  type: 'ChangeCertificateDetails';
  data: Issued & { alias?: string; description?: string };
};
export type ChangeCertificateStatus = {
  type: 'ChangeCertificateStatus';
  data: Issued & { status: CertificateStatus; reason: string };
};
export type RenewAccess = {
  type: 'RenewAccess';
  data: Issued & {
    expiresAt: string;
    credentialId?: string;
    provider?: string;
    /** The operator confirmed a new expiration earlier than the current one. */
    confirmEarlierExpiry?: boolean;
  };
};
export type IssueAccessExpiryWarning = {
  type: 'IssueAccessExpiryWarning';
  data: Issued & { thresholdsDays: number[] };
};
export type ExpireAccess = { type: 'ExpireAccess'; data: Issued };
/**
 * The signatures counted (outside the stream) since a grant, from the signing side's reports: a
 * usage warning past the ratio (once on crossing, then at most daily), the end of the access at the
 * limit. A count for an earlier grant than the current one changes nothing.
 */
export type CheckSignatureUsage = {
  type: 'CheckSignatureUsage';
  data: Issued & { grantedAt: string; signatures: number };
};

export type CertificateCommand =
  | RegisterCertificate
  | ChangeCertificateDetails
  | ChangeCertificateStatus
  | RenewAccess
  | IssueAccessExpiryWarning
  | ExpireAccess
  | CheckSignatureUsage;

type Registered = Extract<CertificateState, { status: 'registered' }>;

function register({ data: command }: RegisterCertificate, state: CertificateState): CertificateEvent[] {
  if (state.status === 'registered') throw conflict('This certificate is already registered.');
  const at = command.at;
  const { validFrom, validTo } = command.certificate;
  if (Date.parse(validTo) <= at.getTime())
    throw ruleBroken('pem', `This certificate expired on ${formatInstant(validTo)}. Register one that is still valid.`);
  if (Date.parse(validFrom) > Date.parse(validTo))
    throw ruleBroken('pem', 'This certificate is never valid: its validity ends before it begins.');
  if (!command.access.provider.trim()) throw invalid('access.provider', 'Enter the Certificate Authority (provider).');
  if (!command.access.credentialId.trim()) throw invalid('access.credentialId', 'Enter the credential id.');
  if (Number.isNaN(Date.parse(command.access.grantedAt)))
    throw invalid('access.grantedAt', 'Enter a valid date for when the access was granted.');
  if (Date.parse(command.access.grantedAt) > at.getTime()) {
    throw ruleBroken('access.grantedAt', 'The access cannot be granted in the future.');
  }
  checkAccessExpiry(command.access.expiresAt, validTo, at);
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
        access: {
          provider: command.access.provider.trim(),
          credentialId: command.access.credentialId.trim(),
          grantedAt: new Date(command.access.grantedAt).toISOString(),
          expiresAt: new Date(command.access.expiresAt).toISOString(),
        },
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
  checkAccessExpiry(command.data.expiresAt, state.validTo, command.data.at, 'expiresAt');
  // Shortening an access is allowed, but never by mistake: it takes an explicit confirmation.
  if (Date.parse(command.data.expiresAt) < Date.parse(state.access.expiresAt) && !command.data.confirmEarlierExpiry) {
    throw conflict(
      `The new expiration date (${formatInstant(command.data.expiresAt)}) is earlier than the current one ` +
        `(${formatInstant(state.access.expiresAt)}): confirm to shorten the CA access.`,
      'confirmEarlierExpiry',
    );
  }
  const { state: accessState, period, warnedThresholds: _warned, usageWarnedAt: _usage, ...previous } = state.access;
  const credentialId = command.data.credentialId?.trim() || previous.credentialId;
  const provider = command.data.provider?.trim() || previous.provider;
  return [
    {
      type: 'AccessRenewed',
      data: {
        ...audit(state, command),
        period: period + 1,
        previous,
        access: {
          provider,
          credentialId,
          grantedAt: command.data.at.toISOString(),
          expiresAt: new Date(command.data.expiresAt).toISOString(),
        },
        wasExpired: accessState === 'expired',
      },
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
        provider: state.access.provider,
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
        provider: state.access.provider,
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
    provider: access.provider,
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
