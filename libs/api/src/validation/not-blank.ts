import { Matches } from 'class-validator';

// No control characters: a NUL cannot be stored by every backend the read models run on (PostgreSQL
// under FerretDB refuses it), and none belongs in a name. Written so JSON Schema (the OpenAPI
// document) reads the same pattern.
const CONTROL = '\\u0000-\\u001f\\u007f';
const CONTROL_BUT_LINE_BREAKS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f';

/** One line with something besides white space (the services trim names, aliases and reasons). */
export const IsTextLine = () =>
  Matches(new RegExp(`^[^${CONTROL}]*[^\\s${CONTROL}][^${CONTROL}]*$`), {
    message: '$property must be one line of text, not blank',
  });

/** Free text: any lines, no other control character. */
export const IsText = () =>
  Matches(new RegExp(`^[^${CONTROL_BUT_LINE_BREAKS}]*$`), {
    message: '$property must be text without control characters',
  });
