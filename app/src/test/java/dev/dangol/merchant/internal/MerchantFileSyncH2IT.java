package dev.dangol.merchant.internal;

import dev.dangol.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;

/** The sync on the merchant tables in a fresh H2 database: one real transaction per file. */
class MerchantFileSyncH2IT extends MerchantFileSyncContract {

    private MigratedDatabase database;

    @Override
    MerchantStore newStore() {
        database = MigratedDatabase.h2();
        return new JdbcMerchantStore(database.dataSource(), database.transactions());
    }

    @AfterEach
    void throwAway() {
        database.close();
    }
}
