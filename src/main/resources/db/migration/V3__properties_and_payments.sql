-- Properties and payments. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- The property a TENANT rents (null: none, and always null for other roles). Set by an OWNER or MANAGER with
-- PUT /api/properties/{id}/tenants/{userId}; deleting the property leaves the tenant without one.
alter table users add column property_id uuid;
alter table users add constraint users_property_fk foreign key (property_id) references properties (id) on delete set null;
create index users_property_idx on users (property_id);

-- Rent payments. A payment belongs to its property (deleted with it); it outlives its tenant's login
-- (tenant_id becomes null), so a customer's totals do not change when a tenant moves out.
create table payments (
    id          uuid primary key,
    customer_id uuid not null references customers (id) on delete cascade,
    property_id uuid not null references properties (id) on delete cascade,
    tenant_id   uuid references users (id) on delete set null,
    amount      numeric(12, 2) not null,
    rent_month  varchar(7) not null,
    paid_at     timestamp with time zone not null,
    note        varchar(500),
    recorded_by uuid,
    created_at  timestamp with time zone not null
);
create index payments_customer_month_idx on payments (customer_id, rent_month);
create index payments_property_idx on payments (property_id);
create index payments_tenant_idx on payments (tenant_id);
