-- PostgreSQL only (the postgres profile adds db/postgis to Flyway's locations): a PostGIS geography for nearest-first
-- search in the database, the durable path beside the in-memory index (docs/decisions/0011-nearest-search-paths.md).
-- The PostGIS schema (public, normally) must be on the search path.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Computed by the database from the registry's own columns, so that the registry's plain inserts and updates need
-- nothing more and the two can never disagree. Null when the merchant has no coordinates.
ALTER TABLE merchant
    ADD COLUMN geog geography(Point, 4326)
        GENERATED ALWAYS AS (
            CASE WHEN latitude_e7 IS NULL THEN NULL
                 ELSE ST_SetSRID(ST_MakePoint(longitude_e7 / 10000000.0, latitude_e7 / 10000000.0), 4326)::geography
            END) STORED;

-- A GiST index answers ORDER BY geog <-> point (k nearest) without a radius.
CREATE INDEX merchant_geog ON merchant USING GIST (geog);
