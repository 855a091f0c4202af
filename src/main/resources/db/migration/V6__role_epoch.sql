-- A user's role epoch counts their role changes. Events and notifications private to one user are addressed to
-- the user's room of the current epoch (Rooms.user), so after a role change what was sent to the old role is
-- never replayed or listed again. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
alter table users add column role_epoch integer default 0 not null;
