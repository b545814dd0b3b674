/**
 * `Content-Disposition` for a download with a Chinese name: an ASCII `filename` for old clients and
 * the real name as RFC 5987 `filename*` for every browser since 2012.
 */
export function attachment(fileName: string, asciiName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** A file body in the OpenAPI document (the route serialises nothing: it streams). */
export const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
})
