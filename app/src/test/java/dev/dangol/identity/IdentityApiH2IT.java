package dev.dangol.identity;

import dev.dangol.testing.FreshDatabase;

/** Identity over HTTP on the embedded default: H2. */
@FreshDatabase(FreshDatabase.Engine.H2)
class IdentityApiH2IT extends IdentityApiIT {}
