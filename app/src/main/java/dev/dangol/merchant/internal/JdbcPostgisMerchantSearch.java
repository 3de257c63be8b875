package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.MerchantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nearest-first search in PostgreSQL with PostGIS: the durable path beside the in-memory index (decision 0011). The
 * {@code merchant} table's generated {@code geog} column and its GiST index (V6_1) answer {@code ORDER BY geog <->
 * point} without a radius; the query's own filters (industry, active only, name text) are in the SQL, so the index
 * scan skips what they refuse.
 *
 * <p>The answer must be exactly the in-memory index's: ranked by {@link GeoPoint#metresTo} in whole metres, ties by
 * id. PostGIS's {@code <->} on geography measures on a sphere too, but in floating point and without rounding, so its
 * order is only nearly that. So the k nearest rows are read in the database's order, ranked again in Java, and k is
 * doubled until the rows not yet read cannot change the answer: the last row read lies more than {@value
 * #SLACK_METRES} m beyond the last merchant kept, or the table has no more rows. The eligibility test (the caller's
 * predicate, from program rules that live in Java) is applied to each batch read, which is why a very selective
 * program makes it read further.
 *
 * <p>Every read is bounded: k starts at twice what the page needs and doubles up to {@value #ROWS_MAX} rows, the most
 * one search reads. A search that needs more (a program almost no merchant near the point may accept) answers with
 * the eligible merchants among those rows, nearest first; the in-memory index, the live path, has no such limit.
 */
final class JdbcPostgisMerchantSearch {

    /** Metres of room between PostGIS's distance and {@link GeoPoint#metresTo} rounded to whole metres. */
    private static final long SLACK_METRES = 2;

    static final int ROWS_MAX = 262_144;

    private static final int ROWS_FIRST_MIN = 64;

    private static final String COLUMNS = "id, agency_id, business_number, name_korean, name_romanised, address,"
            + " town_code, latitude_e7, longitude_e7, industry, market, revenue_band, status, status_reason,"
            + " status_since, bank_code, account_number, account_holder";

    private final JdbcClient jdbc;

    JdbcPostgisMerchantSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Candidates read in the database's order: the merchant and PostGIS's own distance to it, rounded down to whole
     * metres (no floating-point fields, by the codebase's rule; rounding down only makes the stopping test stricter).
     */
    private record Row(Merchant merchant, long databaseMetres) {}

    List<NearbyMerchant> nearest(NearestQuery query, Predicate<Merchant> accepts) {
        if (query == null || accepts == null) {
            throw new IllegalArgumentException("a nearest search needs a query and an acceptance test");
        }
        int needed = query.offset() + query.limit();
        int rows = Math.max(ROWS_FIRST_MIN, 2 * needed);
        while (true) {
            List<Row> read = read(query, rows);
            GeoPoint from = query.from();
            List<NearbyMerchant> kept = new ArrayList<>();
            for (Row row : read) {
                if (accepts.test(row.merchant())) {
                    kept.add(new NearbyMerchant(
                            row.merchant(), from.metresTo(row.merchant().location())));
                }
            }
            kept.sort(Comparator.comparingLong(NearbyMerchant::metres)
                    .thenComparing(found -> found.merchant().id().value()));
            boolean exhausted = read.size() < rows;
            boolean settled = kept.size() >= needed
                    && read.getLast().databaseMetres() > kept.get(needed - 1).metres() + SLACK_METRES;
            if (exhausted || settled || rows >= ROWS_MAX) {
                int end = Math.min(needed, kept.size());
                return query.offset() >= end ? List.of() : List.copyOf(kept.subList(query.offset(), end));
            }
            rows = Math.min(ROWS_MAX, rows * 2);
        }
    }

    private List<Row> read(NearestQuery query, int rows) {
        StringBuilder sql = new StringBuilder("select ")
                .append(COLUMNS)
                .append(", geog <-> point.at as database_metres from merchant,")
                .append(" (select ST_SetSRID(ST_MakePoint(:longitude, :latitude), 4326)::geography as at) point")
                .append(" where geog is not null");
        if (query.industry() != null) {
            sql.append(" and industry = :industry");
        }
        if (query.activeOnly()) {
            sql.append(" and status = 'ACTIVE'");
        }
        if (query.nameText() != null) {
            sql.append(" and (name_korean ilike :pattern escape '\\' or name_romanised ilike :pattern escape '\\')");
        }
        sql.append(" order by geog <-> point.at limit :rows");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("longitude", query.from().longitudeE7() / 1e7)
                .param("latitude", query.from().latitudeE7() / 1e7)
                .param("rows", rows);
        if (query.industry() != null) {
            statement = statement.param("industry", query.industry().name());
        }
        if (query.nameText() != null) {
            statement = statement.param("pattern", "%" + likeEscaped(query.nameText()) + "%");
        }
        return statement
                .query((rs, n) -> new Row(merchant(rs), (long) Math.floor(rs.getDouble("database_metres"))))
                .list();
    }

    /** The text with LIKE's wildcards and its escape character taken literally. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A row of the {@code merchant} table (V6) as the registry's record. */
    static Merchant merchant(ResultSet rs) throws SQLException {
        int latitude = rs.getInt("latitude_e7");
        GeoPoint location = rs.wasNull() ? null : new GeoPoint(latitude, rs.getInt("longitude_e7"));
        String bankCode = rs.getString("bank_code");
        return new Merchant(
                MerchantId.of(rs.getString("id")),
                rs.getString("agency_id"),
                new BusinessNumber(rs.getString("business_number")),
                rs.getString("name_korean"),
                rs.getString("name_romanised"),
                rs.getString("address"),
                rs.getString("town_code"),
                location,
                Industry.valueOf(rs.getString("industry")),
                rs.getString("market"),
                RevenueBand.valueOf(rs.getString("revenue_band")),
                status(rs),
                bankCode == null
                        ? null
                        : new SettlementAccount(
                                bankCode, rs.getString("account_number"), rs.getString("account_holder")));
    }

    private static MerchantStatus status(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        if (status.equals("ACTIVE")) {
            return MerchantStatus.ACTIVE;
        }
        OffsetDateTime since = rs.getObject("status_since", OffsetDateTime.class);
        String reason = rs.getString("status_reason");
        return switch (status) {
            case "SUSPENDED" -> new MerchantStatus.Suspended(reason, since == null ? null : since.toInstant());
            case "CLOSED" -> new MerchantStatus.Closed(reason, since == null ? null : since.toInstant());
            default -> throw new IllegalStateException("unknown merchant status " + status);
        };
    }
}
