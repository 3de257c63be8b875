package dev.dangol.identity;

import dev.dangol.testing.FreshDatabase;

/** Identity over HTTP on PostgreSQL, in a schema of its own. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
class IdentityApiPostgresIT extends IdentityApiIT {}
