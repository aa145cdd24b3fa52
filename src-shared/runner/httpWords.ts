// An HTTP status in words, beside its code: "201 Created". Preview's test send showed the code and then
// "HTTP 201" again, which says nothing more. A code not listed is named by its class.

const WORDS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The words for `status` (null: no answer came). */
export function httpWords(status: number | null): string {
  if (status === null) return 'no response';
  const named = WORDS[status];
  if (named) return named;
  if (status < 300) return 'success';
  if (status < 400) return 'redirect';
  return status < 500 ? 'refused by the LMS' : 'LMS error';
}
