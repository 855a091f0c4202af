/** The login page: sign in, keep the session for this tab, go to the role's dashboard. */
import { ApiError, post } from './api.js';
import { dashboardFor, getSession, saveSession } from './session.js';
import { $, clearErrors, showErrors } from './ui.js';

const existing = getSession();
if (existing) {
  location.replace(dashboardFor(existing.user.role));
} else {
  const form = $('#login-form');
  const notice = $('#login-notice');
  if (new URLSearchParams(location.search).get('expired')) {
    notice.textContent = 'Your session has ended. Please sign in again.';
    notice.hidden = false;
  }
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
