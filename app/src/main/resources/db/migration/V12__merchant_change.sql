-- Changes to the merchant registry in commit order (dev.dangol.merchant), so that every node keeps its in-memory
-- nearest index in step with the registry (docs/decisions/0011-nearest-search-paths.md).
--
-- Every transaction that writes merchants tags the rows it writes with its own id (change_txn) and, as its last
-- statement, takes the next number from merchant_change_clock and records one merchant_change row. The clock's single
-- row stays locked from then until the transaction ends, so numbers are handed out in commit order and a reader that
-- sees change n also sees every change before it. Other nodes read the changes after the last they applied, then the
-- merchants each one tagged.

ALTER TABLE merchant ADD COLUMN change_txn VARCHAR(40);

CREATE INDEX merchant_change_txn ON merchant (change_txn, id);

CREATE TABLE merchant_change_clock (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT  NOT NULL
);

INSERT INTO merchant_change_clock (id, last_seq) VALUES (1, 0);

CREATE TABLE merchant_change (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    txn         VARCHAR(40)  NOT NULL UNIQUE,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Rows the transaction wrote (a merchant written twice counts twice).
    merchants   INTEGER      NOT NULL
);

CREATE INDEX merchant_change_changed_at ON merchant_change (changed_at);
