-- One row naming this deployment: nodes that share this database share its id, and use it to name their
-- Redis channel and keys, so two deployments that happen to share a Redis never see each other's events.
create table cluster_identity (
    id         integer primary key,
    cluster_id varchar(64) not null
);
