package dev.dangol.merchant.internal;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two nearest-search paths as the benchmark drives them (they are internal to the merchant module, so this
 * opening sits in the module's package, in the bench module only).
 */
public final class NearestPaths {

    /** One way of answering a nearest search. */
    public interface Search {
        List<NearbyMerchant> nearest(NearestQuery query, Predicate<Merchant> accepts);
    }

    private NearestPaths() {}

    /** The in-memory index, empty. */
    public static Memory memory() {
        return new Memory();
    }

    /** PostGIS over a database migrated with db/migration and db/postgis. */
    public static Search postgis(DataSource dataSource) {
        JdbcPostgisMerchantSearch search = new JdbcPostgisMerchantSearch(JdbcClient.create(dataSource));
        return search::nearest;
    }

    /** The in-memory index, filled by {@link #put}. */
    public static final class Memory implements Search {

        private final MemoryMerchantIndex index = new MemoryMerchantIndex();

        public void put(Merchant merchant) {
            index.put(merchant);
        }

        /** Rebuilds the index into one run, as after a bulk load. */
        public void compact() {
            index.compact();
        }

        public int runCount() {
            return index.runCount();
        }

        public int size() {
            return index.size();
        }

        @Override
        public List<NearbyMerchant> nearest(NearestQuery query, Predicate<Merchant> accepts) {
            return index.nearest(query, accepts);
        }
    }
}
