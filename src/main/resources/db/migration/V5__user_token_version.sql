-- Each token carries the token version its user had when it was issued; raising the version (sign-out, a new
-- password) ends every session issued before, at once, instead of when the tokens expire.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).

alter table users add column token_version integer default 0 not null;
