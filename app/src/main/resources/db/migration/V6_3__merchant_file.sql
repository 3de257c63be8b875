-- Master-data files of merchants imported by the sync (dev.dangol.merchant): one row per file applied, keyed by the
-- SHA-256 of its bytes so that the same file sent again is recognised and changes nothing.
CREATE TABLE merchant_file (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    sha256        CHAR(64)     NOT NULL UNIQUE,
    kind          VARCHAR(8)   NOT NULL CHECK (kind IN ('FULL', 'DELTA')),
    file_name     VARCHAR(200),
    encoding      VARCHAR(16)  NOT NULL,
    imported_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    imported_by   VARCHAR(40),
    row_count     INTEGER      NOT NULL,
    added         INTEGER      NOT NULL,
    changed       INTEGER      NOT NULL,
    unchanged     INTEGER      NOT NULL,
    closed        INTEGER      NOT NULL,
    rejected      INTEGER      NOT NULL,
    -- Warnings (unknown columns and the like), one a line.
    warnings      VARCHAR(4000) NOT NULL
);

CREATE INDEX merchant_file_imported ON merchant_file (imported_at);

-- The rows a file's import refused and why; at most the first 1,000 of a file are kept (the count is in
-- merchant_file.rejected).
CREATE TABLE merchant_file_rejection (
    file_id       VARCHAR(40)  NOT NULL REFERENCES merchant_file (id),
    line          BIGINT       NOT NULL,
    agency_id     VARCHAR(40),
    reason        VARCHAR(300) NOT NULL,
    PRIMARY KEY (file_id, line)
);
