// The CA access flow's answers, as the certificate service gives them and the gateway passes them on.

export interface AccessRules {
  periodDays: number;
  signatureLimit: number;
  usageWarningRatio: number;
}

export interface CertificateAuthorityList {
  items: Array<{ id: string; name: string; rules: AccessRules }>;
}

export interface CaAuthorizationStarted {
  /** The CA's authorization page: the browser is sent there. */
  authorizationUrl: string;
}

/** A credential the CA offered, described from its certificate as the CA returned it. */
export interface OfferedCredential {
  credentialId: string;
  description?: string;
  subject: string;
  issuingCa: string;
  validFrom: string;
  validTo: string;
  fingerprintSha256: string;
}

export const CA_AUTHORIZATION_PURPOSES = ['register', 'renew'] as const;

/** Back from the CA: a registration's credentials to pick from, or a renewal's new revision. */
export interface CaReturn {
  purpose: (typeof CA_AUTHORIZATION_PURPOSES)[number];
  ca?: string;
  caName?: string;
  credentials?: OfferedCredential[];
  certificateId?: string;
  revision?: number;
}
