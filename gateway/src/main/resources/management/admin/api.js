// The admin API on this page's own origin (the management port), and the credential it needs.
// The credential lives in sessionStorage only: gone when the tab closes, never shown, never logged.
const STORE = 'logcast.admin.credential';

export const credential = {
  get: () => sessionStorage.getItem(STORE) || '',
  set: (value) => (value ? sessionStorage.setItem(STORE, value) : sessionStorage.removeItem(STORE)),
};

/** A JWT (three dot-separated parts) goes as a bearer token, anything else as the admin key. */
function authHeaders() {
  const c = credential.get().trim();
  if (!c) return {};
  return c.split('.').length === 3 ? { Authorization: `Bearer ${c}` } : { 'X-Admin-Key': c };
}

/** An API failure with what the operator should read: the HTTP status and the server's JSON error. */
export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
  }
}

function describe(status, body) {
  const said = body?.message || body?.error || '';
  if (status === 401) {
    return `401 unauthorized: paste the admin key (auth.adminKey) or a token whose admin claim is true${said ? ` (${said})` : ''}`;
  }
  if (status === 403) return `403 forbidden: the token is valid but not an admin's${said ? ` (${said})` : ''}`;
  if (status === 0) return 'the gateway does not answer (network error)';
  return `${status} ${body?.code || 'error'}${said ? `: ${said}` : ''}`;
}

/** JSON in, JSON out; rejects with an ApiError for any non-2xx answer. */
export async function call(method, path) {
  let res;
  try {
    res = await fetch(`/v1/admin${path}`, { method, headers: authHeaders(), cache: 'no-store' });
  } catch {
    throw new ApiError(0, null);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
