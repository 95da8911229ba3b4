import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { IsText, IsTextLine } from '../validation/not-blank';

// How every body naming a certificate's alias or description validates it: registered by hand or
// from a CA, or changed. Listed in the order stacked decorators apply (bottom up), so the refusals
// read as they did when each DTO stated them.

/** One line of at most 100 characters, not blank. */
export const CertificateAliasRules = () => applyDecorators(IsTextLine(), MaxLength(100), IsString());

/** At most 1000 characters, not blank. */
export const CertificateDescriptionRules = () => applyDecorators(IsText(), MaxLength(1000), IsString());
