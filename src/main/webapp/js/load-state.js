/**
 * The state line of a panel that loads data: "Loading…" until the first answer, then nothing (data shown) or the
 * empty text, or the error with a way to try again. Loading never looks like emptiness: the empty text shows only
 * after an answer said there is nothing. `data-state` (loading, empty, error, ready) carries the same for styling
 * and tests.
 */
import { replaceChildren, retryButton } from './ui.js';

/**
 * @param el    the panel's state paragraph
 * @param state loading | empty | error | ready
 * @param text  what to say (nothing for ready)
 * @param retry for error: what "Try again" does
 */
export function showLoadState(el, state, text = '', retry = null) {
  el.dataset.state = state;
  el.hidden = state === 'ready';
  el.setAttribute('role', state === 'error' ? 'alert' : 'status');
  replaceChildren(el, text, state === 'error' && retry ? retryButton(retry) : null);
}
