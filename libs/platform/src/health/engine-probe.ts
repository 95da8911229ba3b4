/** Something a service depends on that readiness must report: a database, a broker, an SMTP server. */
export interface EngineProbe {
  readonly name: string;
  check(): Promise<void>;
}

export const ENGINE_PROBES = Symbol('ENGINE_PROBES');
