-- One-time consumer-presented codes (decision 0013), shared by every server node: a code issued on one node is
-- claimed on another, exactly once, by a conditional UPDATE. A row is kept until REMEMBERED past its expiry, so that
-- a late scan hears "expired" or "used" rather than "unknown"; a periodic purge deletes older rows in batches.
-- A code is kept as the hex SHA-256 of its digits, so that a reader of the database cannot pay with a live one.
CREATE TABLE consumer_code (
    code_sha256  VARCHAR(64)  NOT NULL PRIMARY KEY,
    person_id    VARCHAR(64)  NOT NULL,
    program_id   VARCHAR(64)  NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- OPEN, CLAIMED (a payment with it is being made), USED or REPLACED (the person asked for a newer one).
    state        VARCHAR(16)  NOT NULL,
    -- The payment that claimed the code; a retry of the same payment gets its claim back.
    payment_id   VARCHAR(36),
    -- "person/program" on the person's current code of the program, null on every other: the unique constraint
    -- keeps one current code per person and program even when two nodes issue at once.
    live_key     VARCHAR(130) UNIQUE
);

-- The purge: codes past expiry, oldest first.
CREATE INDEX consumer_code_expiry ON consumer_code (expires_at);
