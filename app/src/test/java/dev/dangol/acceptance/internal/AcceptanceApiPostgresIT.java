package dev.dangol.acceptance.internal;

import dev.dangol.testing.FreshDatabase;

/** QR acceptance over HTTP on PostgreSQL, in a schema of its own. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
class AcceptanceApiPostgresIT extends AcceptanceApiIT {}
