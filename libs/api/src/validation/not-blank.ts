import { Matches } from 'class-validator';

/** Something besides white space: the services trim names, aliases and reasons, and refuse what is left empty. */
export const IsNotBlank = () => Matches(/\S/, { message: '$property must not be blank' });
