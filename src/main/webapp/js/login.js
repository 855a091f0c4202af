/**
 * The login page: sign in, keep the session for the browser, go to the role's dashboard. Says why the last
 * session ended (?reason=, see END_MESSAGES), and follows a sign-in made in another tab.
 */
import { ApiError, post } from './api.js';
import { dashboardFor, END_MESSAGES, getSession, onSessionChange, saveSession } from './session.js';
import { $, clearErrors, showErrors } from './ui.js';

const existing = getSession();
if (existing) {
  location.replace(dashboardFor(existing.user.role));
} else {
  const form = $('#login-form');
  const notice = $('#login-notice');
  const params = new URLSearchParams(location.search);
  const reason = params.get('reason') || (params.get('expired') ? 'expired' : null);
  if (reason && Object.hasOwn(END_MESSAGES, reason)) {
    notice.textContent = END_MESSAGES[reason];
    notice.dataset.reason = reason;
    notice.hidden = false;
  }
  onSessionChange((session) => {
    if (session) {
      location.replace(dashboardFor(session.user.role));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = $('button[type=submit]', form);
    button.disabled = true;
    try {
      const login = await post('api/auth/login', {
        email: form.elements.email.value.trim(),
        password: form.elements.password.value,
      });
      saveSession(login);
      location.assign(dashboardFor(login.user.role));
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, null);
      if (error.status === 401) {
        error.message = 'The email or password is not correct.';
        error.details = [];
      }
      showErrors(form, error);
      button.disabled = false;
    }
  });
}
