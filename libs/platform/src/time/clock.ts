/** A service's only source of time; the domain receives the reading inside each command. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** The Clock provider both services register; tests override CLOCK with a fixed one. */
export const clockProvider = { provide: CLOCK, useValue: systemClock };
