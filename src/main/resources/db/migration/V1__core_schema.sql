-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).
-- Emails are stored lower-cased by the application, so a plain unique index enforces uniqueness.

create table customers (
    id                 uuid primary key,
    company            varchar(200) not null,
    owner_name         varchar(200) not null,
    email              varchar(320) not null,
    phone              varchar(50),
    status             varchar(20)  not null,
    plan_name          varchar(100) not null,
    plan_monthly_price numeric(12, 2) not null,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    constraint customers_email_key unique (email)
);

create table users (
    id            uuid primary key,
    name          varchar(200) not null,
    email         varchar(320) not null,
    password_hash varchar(100) not null,
    role          varchar(20)  not null,
    department    varchar(100),
    company       varchar(200),
    permissions   varchar(2000) not null,
    is_active     boolean      not null,
    -- Deleting a customer deletes its owner, managers and tenants with it.
    customer_id   uuid references customers (id) on delete cascade,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint users_email_key unique (email)
);
create index users_customer_idx on users (customer_id);
create index users_role_idx on users (role);

create table properties (
    id          uuid primary key,
    customer_id uuid not null references customers (id) on delete cascade,
    name        varchar(200) not null,
    address     varchar(500),
    units       integer not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
create index properties_customer_idx on properties (customer_id);

-- The event log (outbox). event_sequence.last_id is locked by each writing transaction until it
-- commits, so ids are dense and commit in order; see EventLog.
create table event_sequence (
    id      integer primary key,
    last_id bigint not null
);
insert into event_sequence (id, last_id) values (1, 0);

create table event_retention (
    id             integer primary key,
    pruned_through bigint not null
);
insert into event_retention (id, pruned_through) values (1, 0);

create table events (
    id         bigint primary key,
    room       varchar(200) not null,
    name       varchar(100) not null,
    payload    varchar      not null,
    created_at timestamp with time zone not null
);
create index events_room_id_idx on events (room, id);
create index events_created_idx on events (created_at);
