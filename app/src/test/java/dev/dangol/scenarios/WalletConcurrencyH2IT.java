package dev.dangol.scenarios;

import dev.dangol.testing.FreshDatabase;

/** The wallet under concurrent load on the embedded default: H2. */
@FreshDatabase(FreshDatabase.Engine.H2)
class WalletConcurrencyH2IT extends WalletConcurrencyIT {}
