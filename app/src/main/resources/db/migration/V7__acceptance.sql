-- QR acceptance (dev.dangol.acceptance). Every code a merchant was ever given, keyed by the exact text printed on the
-- sticker: codes are matched as printed and never re-encoded, because re-encoding changes an EMV code's CRC and a
-- legacy code's own check characters. A code points at a merchant by Dangol's id, or by the agency id the previous
-- operator knew it by (resolved through the registry, aliases included, at scan time). No foreign key to merchant:
-- a code may name a merchant the registry does not hold yet, and the readiness report exists to list those.
CREATE TABLE issued_code (
    operator         VARCHAR(16)  NOT NULL,
    payload          VARCHAR(512) NOT NULL,
    merchant_id      VARCHAR(64),
    agency_id        VARCHAR(40),
    issued_on        DATE         NOT NULL,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (operator, payload),
    CHECK ((merchant_id IS NULL) <> (agency_id IS NULL))
);

-- Scans look codes up by payload alone: two operators may have printed the same text (a duplicate the readiness
-- report lists).
CREATE INDEX issued_code_payload ON issued_code (payload);

-- Codes scanned that lead to no merchant: one row per payload, counted, for operators to link or fix.
CREATE TABLE scan_alert (
    payload          VARCHAR(512) NOT NULL PRIMARY KEY,
    reason           VARCHAR(300) NOT NULL,
    program_id       VARCHAR(64),
    scans            BIGINT       NOT NULL,
    first_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX scan_alert_last_seen ON scan_alert (last_seen);
