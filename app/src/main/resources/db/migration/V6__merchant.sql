-- The merchant registry (dev.dangol.merchant). One row per merchant, kept for good: a merchant that closes, or that a
-- full master-data file no longer lists, is closed with a reason (a tombstone), never deleted, so that its printed
-- codes can still say why they fail and settlement can finish.
CREATE TABLE merchant (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    agency_id        VARCHAR(40)  NOT NULL UNIQUE,
    business_number  CHAR(10)     NOT NULL,
    name_korean      VARCHAR(100) NOT NULL,
    name_romanised   VARCHAR(100) NOT NULL,
    address          VARCHAR(200) NOT NULL,
    town_code        CHAR(5)      NOT NULL,
    -- WGS84 in units of 1e-7 degree; both null when master data gave no usable coordinates.
    latitude_e7      INTEGER,
    longitude_e7     INTEGER,
    industry         VARCHAR(32)  NOT NULL,
    market           VARCHAR(100),
    revenue_band     VARCHAR(16)  NOT NULL,
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
    status_reason    VARCHAR(200),
    status_since     TIMESTAMP WITH TIME ZONE,
    bank_code        CHAR(3),
    account_number   VARCHAR(20),
    account_holder   VARCHAR(100),
    -- Raised on every change; the sync compares content, this orders changes for readers that cache.
    version          BIGINT       NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CHECK ((latitude_e7 IS NULL) = (longitude_e7 IS NULL)),
    CHECK ((status = 'ACTIVE') = (status_reason IS NULL))
);

CREATE INDEX merchant_business_number ON merchant (business_number);
CREATE INDEX merchant_town ON merchant (town_code);

-- Identifiers a merchant had before (earlier agency ids): a sync that sees a merchant under a new id keeps the old
-- one here, so that anything printed or filed under it still finds the merchant.
CREATE TABLE merchant_alias (
    alias            VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id      VARCHAR(40)  NOT NULL REFERENCES merchant (id),
    since            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX merchant_alias_merchant ON merchant_alias (merchant_id);
