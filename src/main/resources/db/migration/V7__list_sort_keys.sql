-- The customer and staff lists are paged, sorted and searched on the server. Names sort and match without regard
-- to case, so each list keeps a lower-cased copy of its names (written by the application with every change; emails
-- are stored lower-cased already), and every sortable column has an index that ends with the id, the tie-break
-- that keeps pages stable. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
alter table customers add column company_key varchar(200);
alter table customers add column owner_key varchar(200);
update customers set company_key = lower(company), owner_key = lower(owner_name);
alter table customers alter column company_key set not null;
alter table customers alter column owner_key set not null;
create index customers_company_key_idx on customers (company_key, id);
create index customers_owner_key_idx on customers (owner_key, id);
create index customers_email_id_idx on customers (email, id);
create index customers_plan_idx on customers (plan_name, id);
create index customers_status_idx on customers (status, id);
create index customers_created_idx on customers (created_at, id);

alter table users add column name_key varchar(200);
update users set name_key = lower(name);
alter table users alter column name_key set not null;
create index users_name_key_idx on users (name_key, id);
create index users_email_id_idx on users (email, id);
create index users_role_id_idx on users (role, id);
create index users_created_idx on users (created_at, id);
