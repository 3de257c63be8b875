package dev.dangol.acceptance.internal;

import dev.dangol.testing.FreshDatabase;
import org.springframework.context.annotation.Import;

/** QR acceptance over HTTP on PostgreSQL, in a schema of its own. */
@FreshDatabase(FreshDatabase.Engine.POSTGRES)
// STAND-IN until the merchant registry merges
@Import(AcceptanceApiIT.StandInMerchants.class)
class AcceptanceApiPostgresIT extends AcceptanceApiIT {}
