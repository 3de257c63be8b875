package dev.dangol.settlement.internal;

import dev.dangol.testing.FreshDatabase;

/** Settlement over HTTP on the embedded default: H2. */
@FreshDatabase(FreshDatabase.Engine.H2)
class SettlementApiH2IT extends SettlementApiIT {}
