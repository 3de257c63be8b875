package dev.dangol.scenarios;

import dev.dangol.testing.FreshDatabase;

/** The wallet under concurrent load on PostgreSQL, in a schema of its own. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
class WalletConcurrencyPostgresIT extends WalletConcurrencyIT {}
