-- Maintenance requests with their comment threads, and the per-user notification center.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).

create table maintenance_requests (
    id           uuid primary key,
    -- Deleting a customer deletes its requests with it.
    customer_id  uuid not null references customers (id) on delete cascade,
    property_id  uuid references properties (id) on delete set null,
    requester_id uuid not null references users (id) on delete cascade,
    assignee_id  uuid references users (id) on delete set null,
    title        varchar(200)  not null,
    description  varchar(5000) not null,
    status       varchar(20)   not null,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);
create index maintenance_requests_customer_idx on maintenance_requests (customer_id, created_at);
create index maintenance_requests_requester_idx on maintenance_requests (requester_id);

create table maintenance_comments (
    id         uuid primary key,
    request_id uuid not null references maintenance_requests (id) on delete cascade,
    author_id  uuid not null references users (id) on delete cascade,
    body       varchar(5000) not null,
    created_at timestamp with time zone not null
);
create index maintenance_comments_request_idx on maintenance_comments (request_id, created_at);

create table notifications (
    id         uuid primary key,
    user_id    uuid not null references users (id) on delete cascade,
    title      varchar(200)  not null,
    body       varchar(2000),
    link       varchar(500),
    read_at    timestamp with time zone,
    created_at timestamp with time zone not null
);
create index notifications_user_idx on notifications (user_id, created_at);
