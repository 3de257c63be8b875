package dev.dangol.payment.internal;

import dev.dangol.testing.FreshDatabase;

/** Auto-charges the request never heard of, settled on PostgreSQL. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
class AutoChargeResolverPostgresIT extends AutoChargeResolverIT {}
