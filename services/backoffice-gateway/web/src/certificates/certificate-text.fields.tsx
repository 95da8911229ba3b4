import { InputField, TextAreaField } from '../ui/fields';
import { ALIAS_MAX, DESCRIPTION_MAX } from './certificate-validation';

interface TextProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** The certificate's alias, as every form that names a certificate asks for it. */
export function AliasField(props: TextProps) {
  return <InputField label="Alias" name="alias" maxLength={ALIAS_MAX} required {...props} />;
}

/** The certificate's description, optional. */
export function DescriptionField(props: TextProps) {
  return (
    <TextAreaField label="Description" name="description" rows={3} maxLength={DESCRIPTION_MAX} optional {...props} />
  );
}
