-- Auto-charges (decision 0013): the shortfall of a citizen's payment bought through the payment gateway. A row is
-- written before the gateway is asked, so that every charge can be resolved by its key after a crash or a timeout:
-- the vouchers are confirmed, or the charge never happened, or it is refunded. Every change is one statement that
-- names the state it expects, because the request, a webhook and the resolver on any node may race.
CREATE TABLE auto_charge (
    payment_id       VARCHAR(36)  NOT NULL PRIMARY KEY,
    payer            VARCHAR(64)  NOT NULL,
    program_id       VARCHAR(64)  NOT NULL,
    round_id         VARCHAR(64)  NOT NULL,
    purchase_id      VARCHAR(36)  NOT NULL,
    gateway_key      VARCHAR(64)  NOT NULL UNIQUE,
    face_value       BIGINT       NOT NULL CHECK (face_value > 0),
    amount           BIGINT       NOT NULL CHECK (amount > 0),
    funding_method   VARCHAR(16)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    reason           VARCHAR(64),
    vouchers_id      VARCHAR(36),
    attempts         INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The resolver's scan: open auto-charges that are due, oldest first.
CREATE INDEX auto_charge_due ON auto_charge (state, next_attempt_at);
