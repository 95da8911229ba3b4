/** The client-service list's projection runner, for read-your-writes after a command. */
export const LIST_RUNNER = Symbol('LIST_RUNNER');
