-- Verified identity, sessions with roles, and linked funding sources. The same SQL runs on H2 (MODE=PostgreSQL)
-- and PostgreSQL.

-- A member is bound to one CI (연계정보), kept only as its SHA-256. Members registered before verification existed
-- have none until they verify.
alter table citizen add column ci_sha256 varchar(64);
alter table citizen add constraint citizen_ci_unique unique (ci_sha256);

-- Roles granted beyond CITIZEN, which every member holds.
create table person_role (
    person_id varchar(64) not null references citizen (id),
    role      varchar(16) not null,
    primary key (person_id, role)
);

-- Sessions behind opaque tokens; only the token's SHA-256 is kept. Uses are written behind, at most once a minute
-- per session (docs/decisions/0005-sessions.md).
create table session (
    id                  varchar(64) not null primary key,
    token_sha256        varchar(64) not null,
    person_id           varchar(64) not null references citizen (id),
    roles               varchar(64) not null,
    created_at          timestamp with time zone not null,
    last_used_at        timestamp with time zone not null,
    idle_expires_at     timestamp with time zone not null,
    absolute_expires_at timestamp with time zone not null,
    revoked_at          timestamp with time zone,
    constraint session_token_unique unique (token_sha256)
);

create index session_person on session (person_id);
create index session_idle_expiry on session (idle_expires_at);

-- Linked bank accounts and cards: a masked label and the gateway's token, never the number. The fingerprint (an
-- HMAC of the number) recognises a source linked twice; unlinking clears it.
create table funding_source (
    id            varchar(64)  not null primary key,
    person_id     varchar(64)  not null references citizen (id),
    method        varchar(16)  not null,
    label         varchar(64)  not null,
    gateway_token varchar(128) not null,
    fingerprint   varchar(64),
    linked_at     timestamp with time zone not null,
    unlinked_at   timestamp with time zone,
    constraint funding_source_fingerprint_unique unique (person_id, fingerprint)
);

create index funding_source_person on funding_source (person_id);
