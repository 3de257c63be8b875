-- Settlement (dev.dangol.settlement): what each business day's run decided for each program and merchant. The money
-- itself moved in the ledger under ids that name the day, program and merchant; these rows say why (fee rate, hold)
-- and where it went (the bank account as it was when paid), for the payout file and merchants' statements.
create table settlement_payout (
    business_day       date         not null,
    program_id         varchar(64)  not null,
    merchant_id        varchar(64)  not null,
    payments_krw       bigint       not null,
    payment_count      integer      not null,
    cancellations_krw  bigint       not null,
    cancellation_count integer      not null,
    fee_basis_points   integer      not null,
    fee_krw            bigint       not null,
    payout_krw         bigint       not null,
    outcome            varchar(32)  not null,
    bank_code          char(3),
    account_number     varchar(20),
    account_holder     varchar(100),
    payout_day         date         not null,
    reference          varchar(160) not null,
    decided_at         timestamp with time zone not null,
    primary key (business_day, program_id, merchant_id),
    check ((outcome = 'PAID') = (bank_code is not null)),
    check (payout_krw >= 0 and fee_krw >= 0)
);

create index settlement_payout_merchant on settlement_payout (merchant_id, business_day);

-- One row per business day whose run finished, so that the scheduled job knows which days still need a run.
create table settlement_run (
    business_day date    not null primary key,
    finished_at  timestamp with time zone not null,
    payouts      integer not null
);
