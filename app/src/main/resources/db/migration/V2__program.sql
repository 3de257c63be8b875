-- Voucher programs and their rounds. Amounts are whole won; shares are basis points (1/100 of a percent).

create table program (
    id                     varchar(64)  not null primary key,
    name                   varchar(100) not null,
    kind                   varchar(16)  not null,
    town_code              varchar(5),
    discount_bp            integer      not null,
    monthly_limit          bigint       not null,
    card_monthly_limit     bigint       not null,
    holding_cap            bigint       not null,
    purchase_unit          bigint       not null,
    validity_months        integer      not null,
    cancel_window_days     integer      not null,
    cancel_any_time        boolean      not null,
    refund_used_bp         integer      not null,
    refund_small_max       bigint       not null,
    refund_small_used_bp   integer      not null,
    refund_net_of_discount boolean      not null,
    refund_funding         varchar(64)  not null,
    gifts_enabled          boolean      not null,
    gift_monthly_limit     bigint       not null,
    gift_funding           varchar(64)  not null
);

create table sale_round (
    id             varchar(64)  not null primary key,
    program_id     varchar(64)  not null references program (id),
    name           varchar(100) not null,
    budget         bigint       not null,
    opens_at       timestamp with time zone not null,
    closes_at      timestamp with time zone,
    per_person_cap bigint       not null,
    discount_bp    integer      not null,
    status         varchar(16)  not null
);

create index sale_round_program on sale_round (program_id, opens_at);
