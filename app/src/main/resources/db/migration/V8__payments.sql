-- Payments to merchants (decision 0013). The ledger holds the money; these rows say who paid whom from which lots,
-- for the merchant's day list, the citizen's receipt and a same-day cancellation. A row is written after its ledger
-- chain succeeded and can be rebuilt from the ledger.
CREATE TABLE payment (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    payer         VARCHAR(64)  NOT NULL,
    merchant_id   VARCHAR(64)  NOT NULL,
    program_id    VARCHAR(64)  NOT NULL,
    amount        BIGINT       NOT NULL CHECK (amount > 0),
    status        VARCHAR(16)  NOT NULL,
    paid_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    cancelled_at  TIMESTAMP WITH TIME ZONE
);

-- A merchant's day: today's payments, oldest first.
CREATE INDEX payment_merchant_day ON payment (merchant_id, paid_at);
CREATE INDEX payment_payer ON payment (payer, paid_at);

-- The lots a payment took from, in spending order; a cancellation gives each back to the same lot.
CREATE TABLE payment_lot (
    payment_id   VARCHAR(36)  NOT NULL REFERENCES payment (id),
    part         INTEGER      NOT NULL,
    lot_id       VARCHAR(160) NOT NULL,
    amount       BIGINT       NOT NULL CHECK (amount > 0),
    valid_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (payment_id, part)
);

-- Who acts for which merchant: a person with the MERCHANT role linked by an operator.
CREATE TABLE merchant_member (
    person_id    VARCHAR(64)  NOT NULL,
    merchant_id  VARCHAR(64)  NOT NULL,
    linked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (person_id, merchant_id)
);
CREATE INDEX merchant_member_merchant ON merchant_member (merchant_id);
