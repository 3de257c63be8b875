-- Launch-day checkouts: recorded before the payment gateway is asked, so that every payment can be resolved by its
-- key after a crash. The payment key sent to the gateway is 'dg-' || id.
CREATE TABLE checkout (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    buyer            VARCHAR(64)  NOT NULL,
    round_id         VARCHAR(64)  NOT NULL,
    face_value       BIGINT       NOT NULL CHECK (face_value > 0),
    funding_method   VARCHAR(16)  NOT NULL,
    funding_source   VARCHAR(64)  NOT NULL,
    purchase_id      VARCHAR(36)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    reason           VARCHAR(64),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The resolver's scan: only unresolved checkouts, oldest change first.
CREATE INDEX checkout_unresolved ON checkout (status, updated_at);
CREATE INDEX checkout_buyer ON checkout (buyer, round_id);
