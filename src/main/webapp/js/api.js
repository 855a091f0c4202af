/**
 * JSON over fetch for the REST API. Paths are relative (`api/customers`), so the app works under any
 * context path. Errors become ApiError with the contract's {code, message, details}.
 *
 * Every request has a deadline (REQUEST_DEADLINE_MS): a request the browser cannot send (all its connections to
 * the origin busy) or the server does not answer fails with code `timeout`, which the page shows with a way to
 * try again, instead of a Save button greyed out for ever.
 */
import { getToken } from './session.js';

export const REQUEST_DEADLINE_MS = 15000;

/** fetch() that gives up after `ms`: rejects with a DOMException named TimeoutError. */
export async function fetchWithin(url, init = {}, ms = REQUEST_DEADLINE_MS) {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('No answer within ' + ms + ' ms', 'TimeoutError')), ms);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || (status ? 'The server answered ' + status : 'The request failed'));
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || (status ? 'http_' + status : 'network');
    /** [{field, message}] for validation problems (422) and conflicts (409). */
    this.details = Array.isArray(error.details) ? error.details : [];
  }
}

let unauthorizedHandler = () => {};

/** What to do when a signed-in request gets 401 (the shell returns to the login page). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  const controller = new AbortController();
  const init = { method, headers, cache: 'no-store', signal: controller.signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  // The deadline covers the answer's body too: a stalled body would hang as surely as no answer.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, REQUEST_DEADLINE_MS);
  let res;
  let data;
  try {
    res = await fetch(path, init);
    data = res.status === 204 ? null : await res.json().catch((e) => {
      if (timedOut) {
        throw e;
      }
      return null;
    });
  } catch (e) {
    throw timedOut
      ? new ApiError(0, { error: {
        code: 'timeout', message: `The server did not answer within ${REQUEST_DEADLINE_MS / 1000} seconds. Try again.`,
      } })
      : new ApiError(0, { error: {
        code: 'network', message: 'Cannot reach the server. Check the connection and try again.',
      } });
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 204) {
    return null;
  }
  if (!res.ok) {
    const error = new ApiError(res.status, data);
    if (res.status === 401 && token) {
      unauthorizedHandler(error);
    }
    throw error;
  }
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

/** Every item of a list endpoint, page by page at the largest page size the API allows. */
export async function getAll(path) {
  const limit = 200;
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += limit) {
    const page = await get(`${path}${sep}limit=${limit}&offset=${offset}`);
    items.push(...page.items);
    if (page.items.length < limit || items.length >= page.total) {
      return items;
    }
  }
}
