/** The backoffice's public URL (BACKOFFICE_PUBLIC_URL): the mails link to its pages. */
export const BACKOFFICE_URL = Symbol('BACKOFFICE_URL');

/** An absolute link to a backoffice page. */
export const backofficeLink = (backofficeUrl: string, path: string) => new URL(path, backofficeUrl).toString();
