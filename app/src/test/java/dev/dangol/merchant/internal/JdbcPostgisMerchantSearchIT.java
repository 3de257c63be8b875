package dev.dangol.merchant.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SyntheticMerchants;
import dev.dangol.testing.FreshDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The PostGIS path against the in-memory index on the same synthetic merchants in a real PostgreSQL: the same
 * merchants in the same order at the same whole metres, for many random points, filters and pages. Migrates a schema
 * of its own in the {@code test} database with both Flyway locations, as the postgres profile does, and drops it after.
 */
class JdbcPostgisMerchantSearchIT {

    private static final int MERCHANTS = 20_000;

    private static final String SCHEMA =
            "nearest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private static String url;
    private static SingleConnectionDataSource connection;
    private static JdbcClient jdbc;
    private static JdbcPostgisMerchantSearch postgis;
    private static final MemoryMerchantIndex MEMORY = new MemoryMerchantIndex();

    @BeforeAll
    static void migrateAndLoad() throws SQLException {
        String server = System.getProperty(FreshDatabases.POSTGRES_URL_PROPERTY, FreshDatabases.POSTGRES_URL);
        // PostGIS's types and functions live in public: keep it on the search path after the test's own schema.
        url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA + ",public";
        Flyway.configure()
                .dataSource(url, "postgres", "")
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration", "classpath:db/postgis")
                .load()
                .migrate();
        connection = new SingleConnectionDataSource(url, "postgres", "", true);
        jdbc = JdbcClient.create(connection);
        postgis = new JdbcPostgisMerchantSearch(jdbc);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                int batched = 0;
                for (Merchant merchant :
                        new SyntheticMerchants(41).stream(MERCHANTS).toList()) {
                    bind(insert, merchant);
                    insert.addBatch();
                    MEMORY.put(merchant);
                    if (++batched % 1_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        connection.destroy();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void answersExactlyAsTheMemoryIndexDoesForRandomPointsFiltersAndPages() {
        SplittableRandom random = new SplittableRandom(42);
        String[] names = {"떡", "할매", "kalguksu", "CAFE", "청과", "Jeil Sanghoe", "50%_off"};
        int answered = 0;
        for (int q = 0; q < 250; q++) {
            GeoPoint from = random.nextBoolean()
                    ? SyntheticMerchants.nearSomeMarket(random)
                    : SyntheticMerchants.somewhereInKorea(random);
            NearestQuery query = new NearestQuery(
                    from,
                    1 + random.nextInt(40),
                    random.nextInt(4) == 0 ? random.nextInt(200) : 0,
                    null,
                    random.nextInt(3) == 0 ? Industry.values()[random.nextInt(Industry.values().length)] : null,
                    random.nextInt(4) != 0,
                    random.nextInt(4) == 0 ? names[random.nextInt(names.length)] : null);
            Predicate<Merchant> accepts = switch (random.nextInt(3)) {
                case 0 -> merchant -> true;
                // As an Onnuri-like program: inside a market.
                case 1 -> merchant -> merchant.market() != null;
                // As a regional program: one province's towns and a revenue cap.
                default ->
                    merchant -> merchant.townCode().startsWith("11") && merchant.revenueBand() != RevenueBand.OVER_3B;
            };
            List<NearbyMerchant> expected = MEMORY.nearest(query, accepts);
            List<NearbyMerchant> actual = postgis.nearest(query, accepts);
            assertThat(actual).as("query %d: %s", q, query).containsExactlyElementsOf(expected);
            answered += expected.isEmpty() ? 0 : 1;
        }
        // Most searches find someone, so the comparison is not between two empty lists.
        assertThat(answered).isGreaterThan(150);
    }

    @Test
    void aMerchantThatMovesIsFoundAtItsNewPlaceWithoutTouchingTheGeographyColumn() throws SQLException {
        // One merchant more than the memory index holds, removed again, so that the other tests still compare alike.
        Merchant moved = new SyntheticMerchants(41).merchant(MERCHANTS);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, moved);
            insert.executeUpdate();
        }
        GeoPoint ulleungdo = new GeoPoint(375_000_000, 1_308_600_000);
        jdbc.sql("update merchant set latitude_e7 = ?, longitude_e7 = ?, status = 'ACTIVE', status_reason = null,"
                        + " status_since = null where id = ?")
                .params(
                        ulleungdo.latitudeE7(),
                        ulleungdo.longitudeE7(),
                        moved.id().value())
                .update();

        List<NearbyMerchant> found = postgis.nearest(NearestQuery.nearest(ulleungdo, 1), merchant -> true);

        assertThat(found).hasSize(1);
        assertThat(found.getFirst().merchant().id()).isEqualTo(moved.id());
        assertThat(found.getFirst().metres()).isZero();
        assertThat(found.getFirst().merchant().status()).isEqualTo(MerchantStatus.ACTIVE);
        jdbc.sql("delete from merchant where id = ?").param(moved.id().value()).update();
    }

    @Test
    void aNameTextWithWildcardsMatchesOnlyLiterally() {
        assertThat(JdbcPostgisMerchantSearch.likeEscaped("50%_off\\")).isEqualTo("50\\%\\_off\\\\");
        NearestQuery query = new NearestQuery(new GeoPoint(375_700_000, 1_269_996_000), 5, 0, null, null, false, "%");
        assertThat(postgis.nearest(query, merchant -> true)).isEmpty();
    }

    private static final String INSERT = "insert into merchant (id, agency_id, business_number, name_korean,"
            + " name_romanised, address, town_code, latitude_e7, longitude_e7, industry, market, revenue_band, status,"
            + " status_reason, status_since, bank_code, account_number, account_holder, version, updated_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, now())";

    static void bind(PreparedStatement insert, Merchant m) throws SQLException {
        insert.setString(1, m.id().value());
        insert.setString(2, m.agencyId());
        insert.setString(3, m.businessNumber().digits());
        insert.setString(4, m.nameKorean());
        insert.setString(5, m.nameRomanised());
        insert.setString(6, m.address());
        insert.setString(7, m.townCode());
        if (m.location() == null) {
            insert.setNull(8, Types.INTEGER);
            insert.setNull(9, Types.INTEGER);
        } else {
            insert.setInt(8, m.location().latitudeE7());
            insert.setInt(9, m.location().longitudeE7());
        }
        insert.setString(10, m.industry().name());
        insert.setString(11, m.market());
        insert.setString(12, m.revenueBand().name());
        switch (m.status()) {
            case MerchantStatus.Active a -> {
                insert.setString(13, "ACTIVE");
                insert.setNull(14, Types.VARCHAR);
                insert.setNull(15, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            case MerchantStatus.Suspended s -> {
                insert.setString(13, "SUSPENDED");
                insert.setString(14, s.reason());
                insert.setObject(15, s.since().atOffset(ZoneOffset.UTC));
            }
            case MerchantStatus.Closed c -> {
                insert.setString(13, "CLOSED");
                insert.setString(14, c.reason());
                insert.setObject(15, c.since().atOffset(ZoneOffset.UTC));
            }
        }
        if (m.settlementAccount() == null) {
            insert.setNull(16, Types.CHAR);
            insert.setNull(17, Types.VARCHAR);
            insert.setNull(18, Types.VARCHAR);
        } else {
            insert.setString(16, m.settlementAccount().bankCode());
            insert.setString(17, m.settlementAccount().accountNumber());
            insert.setString(18, m.settlementAccount().holderName());
        }
    }
}
