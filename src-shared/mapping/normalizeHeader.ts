// Header comparison key: lower case, accents dropped, only letters and digits kept, so "E-mail",
// "e_mail", "E Mail" and "É-mail" all compare as "email".
export function normalizeHeader(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
