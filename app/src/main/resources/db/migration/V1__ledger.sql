-- The ledger: accounts and transfers shaped like TigerBeetle's. The same statements run on H2 and PostgreSQL.
-- Transfers are written on the hottest path of a launch, so their table carries its primary key and nothing else;
-- what must be found otherwise has a narrow table of its own.

create table ledger_account (
    id              varchar(160) not null primary key,
    ledger          integer      not null,
    code            integer      not null,
    flags           integer      not null,
    user_data_128   varchar(160),
    user_data_64    bigint       not null,
    user_data_32    integer      not null,
    debits_pending  bigint       not null,
    debits_posted   bigint       not null,
    credits_pending bigint       not null,
    credits_posted  bigint       not null,
    created_at      timestamp with time zone not null
);

create index ledger_account_user_data_128 on ledger_account (user_data_128);
create index ledger_account_code_user_data_64 on ledger_account (code, user_data_64);

-- Every transfer a client submitted with a usable id, with its outcome: failures are kept so that the same id
-- always gets the same answer. A pending transfer's state changes when it is posted, voided or expires.
create table ledger_transfer (
    id                varchar(160) not null primary key,
    debit_account_id  varchar(160),
    credit_account_id varchar(160),
    amount            bigint       not null,
    pending_id        varchar(160),
    ledger            integer      not null,
    code              integer      not null,
    flags             integer      not null,
    timeout_seconds   bigint       not null,
    user_data_128     varchar(160),
    user_data_64      bigint       not null,
    user_data_32      integer      not null,
    result            varchar(64)  not null,
    created_at        timestamp with time zone not null,
    pending_state     varchar(16),
    expires_at        timestamp with time zone
);

-- Pending transfers with a timeout that are still pending: the ledger voids them when they expire. A row leaves
-- when its transfer is posted, voided or expired, so the table stays as small as what is held right now.
create table ledger_pending (
    id         varchar(160) not null primary key,
    expires_at timestamp with time zone not null
);

create index ledger_pending_expires_at on ledger_pending (expires_at);

-- The transfers of accounts flagged HISTORY, in the order they were recorded.
create table ledger_history (
    account_id  varchar(160) not null,
    created_at  timestamp with time zone not null,
    transfer_id varchar(160) not null,
    primary key (account_id, created_at, transfer_id)
);
