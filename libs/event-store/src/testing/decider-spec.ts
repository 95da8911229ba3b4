import { Decider, DomainEvent, foldEvents } from '../decider';

type ErrorClass = abstract new (...args: never[]) => Error;
type ErrorCheck = ErrorClass | ((error: unknown) => boolean);

export interface DeciderThen<Event> {
  /** The command produces exactly these events (order and payload). */
  then(expected: Event[]): void;
  /** The command is refused with this error class, or an error the predicate accepts. */
  thenThrows(check: ErrorCheck): void;
}

/**
 * Given/when/then for deciders, for *.unit.spec.ts files (uses jest's `expect`):
 * `deciderSpec(decider).given([...events]).when(command).then([...events])`.
 */
export function deciderSpec<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given: (history: Event[]) => ({
      when: (command: Command): DeciderThen<Event> => {
        const run = () => decider.decide(command, foldEvents(decider, history));
        return {
          then: (expected) => expect(run()).toEqual(expected),
          thenThrows: (check) => {
            let produced: Event[];
            try {
              produced = run();
            } catch (error) {
              if (isErrorClass(check)) expect(error).toBeInstanceOf(check);
              else if (!check(error)) throw new Error(`decide threw an error the predicate rejects: ${String(error)}`);
              return;
            }
            throw new Error(`expected decide to throw, but it produced ${JSON.stringify(produced)}`);
          },
        };
      },
    }),
  };
}

const isErrorClass = (check: ErrorCheck): check is ErrorClass =>
  typeof check === 'function' && (check.prototype instanceof Error || check === Error);
