/**
 * JSON over fetch for the REST API. Paths are relative (`api/customers`), so the app works under any
 * context path. Errors become ApiError with the contract's {code, message, details}.
 */
import { getToken } from './session.js';

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
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: { code: 'network', message: 'Cannot reach the server. Check the connection and try again.' } });
  }
  if (res.status === 204) {
    return null;
  }
  const data = await res.json().catch(() => null);
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
