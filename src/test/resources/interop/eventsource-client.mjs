// Opens the event stream with the `eventsource` npm package (the WHATWG EventSource for Node) and reports, one
// JSON line per line of standard output, everything the library hands to an application. Used by the interop
// tests; it is also the README's Node recipe: a bearer header through the `fetch` option, and nothing else.
//
//   node eventsource-client.mjs <url> <bearer token or "-"> <event name>...
import { EventSource } from 'eventsource';

const [url, token, ...names] = process.argv.slice(2);
const report = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const source = new EventSource(url, {
  fetch: (input, init) => fetch(input, {
    ...init,
    headers: token === '-' ? init.headers : { ...init.headers, Authorization: `Bearer ${token}` },
  }),
});

source.onopen = () => report({ type: 'open' });
// Unnamed events (none are expected: an empty one would be a heartbeat surfacing).
source.onmessage = (e) => report({ type: 'event', name: 'message', id: e.lastEventId, data: e.data });
for (const name of names) {
  source.addEventListener(name, (e) => report({ type: 'event', name, id: e.lastEventId, data: e.data }));
}
source.onerror = (e) => {
  // readyState CLOSED: the library gave up for good (a non-200 answer); CONNECTING: it reconnects by itself.
  report({ type: 'error', status: e.code ?? null, closed: source.readyState === EventSource.CLOSED });
};
// The test ends us by closing standard input.
process.stdin.on('end', () => {
  source.close();
  process.exit(0);
});
process.stdin.resume();
