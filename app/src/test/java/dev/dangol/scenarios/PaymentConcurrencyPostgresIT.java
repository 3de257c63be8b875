package dev.dangol.scenarios;

import dev.dangol.testing.FreshDatabase;

/** Paying and cancelling under concurrent load on PostgreSQL, in a schema of its own. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
class PaymentConcurrencyPostgresIT extends PaymentConcurrencyIT {}
