package dev.dangol.scenarios;

import dev.dangol.testing.FreshDatabase;

/** Paying and cancelling under concurrent load on the embedded default: H2. */
@FreshDatabase(FreshDatabase.Engine.H2)
class PaymentConcurrencyH2IT extends PaymentConcurrencyIT {}
