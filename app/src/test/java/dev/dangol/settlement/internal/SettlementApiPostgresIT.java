package dev.dangol.settlement.internal;

import dev.dangol.testing.FreshDatabase;

/** Settlement over HTTP on PostgreSQL. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
class SettlementApiPostgresIT extends SettlementApiIT {}
