package dev.dangol.merchant.internal;

import dev.dangol.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;

/** The store contract on the merchant tables in a fresh H2 database migrated by the application's migrations. */
class JdbcMerchantStoreH2IT extends MerchantStoreContract {

    private final MigratedDatabase database = MigratedDatabase.h2();
    private final JdbcMerchantStore store = new JdbcMerchantStore(database.dataSource(), database.transactions());

    @Override
    MerchantStore store() {
        return store;
    }

    @AfterEach
    void throwAway() {
        database.close();
    }
}
