package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.MerchantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Merchants in the {@code merchant} and {@code merchant_alias} tables (V6), imports in {@code merchant_file} (V6_3). */
final class JdbcMerchantStore implements MerchantStore {

    private static final int BY_BUSINESS_NUMBER_MAX = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    JdbcMerchantStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    @Override
    public Optional<Merchant> merchant(MerchantId id) {
        return jdbc.sql("select * from merchant where id = ?")
                .param(id.value())
                .query(JdbcMerchantStore::merchant)
                .optional();
    }

    @Override
    public List<Merchant> byBusinessNumber(BusinessNumber number) {
        return jdbc.sql("select * from merchant where business_number = ? order by id limit ?")
                .params(number.digits(), BY_BUSINESS_NUMBER_MAX)
                .query(JdbcMerchantStore::merchant)
                .list();
    }

    @Override
    public Optional<Merchant> byCurrentAgencyId(String agencyId) {
        return jdbc.sql("select * from merchant where agency_id = ?")
                .param(agencyId)
                .query(JdbcMerchantStore::merchant)
                .optional();
    }

    @Override
    public Optional<Merchant> byAlias(String alias) {
        return jdbc.sql("select m.* from merchant_alias a join merchant m on m.id = a.merchant_id where a.alias = ?")
                .param(alias)
                .query(JdbcMerchantStore::merchant)
                .optional();
    }

    @Override
    public Map<String, Merchant> byCurrentAgencyIds(Collection<String> agencyIds) {
        Map<String, Merchant> found = new HashMap<>();
        if (agencyIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from merchant where agency_id in (:ids)")
                .param("ids", List.copyOf(agencyIds))
                .query(JdbcMerchantStore::merchant)
                .list()
                .forEach(merchant -> found.put(merchant.agencyId(), merchant));
        return found;
    }

    @Override
    public Map<String, Merchant> byAliases(Collection<String> aliases) {
        Map<String, Merchant> found = new HashMap<>();
        if (aliases.isEmpty()) {
            return found;
        }
        jdbc.sql("select a.alias as alias_of, m.* from merchant_alias a join merchant m on m.id = a.merchant_id"
                        + " where a.alias in (:ids)")
                .param("ids", List.copyOf(aliases))
                .query((rs, row) -> Map.entry(rs.getString("alias_of"), merchant(rs, row)))
                .list()
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    @Override
    public List<Merchant> page(MerchantId after, int limit) {
        if (after == null) {
            return jdbc.sql("select * from merchant order by id limit ?")
                    .param(limit)
                    .query(JdbcMerchantStore::merchant)
                    .list();
        }
        return jdbc.sql("select * from merchant where id > ? order by id limit ?")
                .params(after.value(), limit)
                .query(JdbcMerchantStore::merchant)
                .list();
    }

    @Override
    public void insert(Merchant m, Instant at) {
        jdbc.sql("insert into merchant (id, agency_id, business_number, name_korean, name_romanised, address,"
                        + " town_code, latitude_e7, longitude_e7, industry, market, revenue_band, status,"
                        + " status_reason, status_since, bank_code, account_number, account_holder, version,"
                        + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")
                .params(values(m, at))
                .update();
    }

    @Override
    public void update(Merchant m, Instant at) {
        Object[] values = values(m, at);
        Object[] shifted = new Object[values.length];
        // The id goes last, after the columns set.
        System.arraycopy(values, 1, shifted, 0, values.length - 1);
        shifted[values.length - 1] = values[0];
        int updated = jdbc.sql("update merchant set agency_id = ?, business_number = ?, name_korean = ?,"
                        + " name_romanised = ?, address = ?, town_code = ?, latitude_e7 = ?, longitude_e7 = ?,"
                        + " industry = ?, market = ?, revenue_band = ?, status = ?, status_reason = ?,"
                        + " status_since = ?, bank_code = ?, account_number = ?, account_holder = ?,"
                        + " updated_at = ?, version = version + 1 where id = ?")
                .params(shifted)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("merchant " + m.id() + " does not exist");
        }
    }

    @Override
    public void addAlias(String alias, MerchantId merchant, Instant at) {
        jdbc.sql("insert into merchant_alias (alias, merchant_id, since) values (?, ?, ?)")
                .params(alias, merchant.value(), utc(at))
                .update();
    }

    @Override
    public List<String> aliases(MerchantId merchant) {
        return jdbc.sql("select alias from merchant_alias where merchant_id = ? order by since, alias")
                .param(merchant.value())
                .query(String.class)
                .list();
    }

    @Override
    public Optional<MerchantFileReport> fileBySha256(String sha256) {
        Optional<MerchantFileReport> file = jdbc.sql("select * from merchant_file where sha256 = ?")
                .param(sha256)
                .query(JdbcMerchantStore::file)
                .optional();
        return file.map(f -> withRejections(f));
    }

    @Override
    public void recordFile(MerchantFileReport r, String importedBy) {
        jdbc.sql("insert into merchant_file (id, sha256, kind, file_name, encoding, imported_at, imported_by,"
                        + " row_count, added, changed, unchanged, closed, rejected, warnings)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        r.id(),
                        r.sha256(),
                        r.kind().name(),
                        r.fileName(),
                        r.encoding(),
                        utc(r.importedAt()),
                        importedBy,
                        r.rows(),
                        r.added(),
                        r.changed(),
                        r.unchanged(),
                        r.closed(),
                        r.rejected(),
                        String.join("\n", r.warnings()))
                .update();
        for (MerchantFileReport.RejectedRow row : r.rejections()) {
            jdbc.sql("insert into merchant_file_rejection (file_id, line, agency_id, reason) values (?, ?, ?, ?)")
                    .params(r.id(), row.line(), row.agencyId(), row.reason())
                    .update();
        }
    }

    @Override
    public List<MerchantFileReport> files(int limit) {
        return jdbc.sql("select * from merchant_file order by imported_at desc, id desc limit ?")
                .param(limit)
                .query(JdbcMerchantStore::file)
                .list();
    }

    private MerchantFileReport withRejections(MerchantFileReport f) {
        List<MerchantFileReport.RejectedRow> rows = jdbc.sql(
                        "select line, agency_id, reason from merchant_file_rejection where file_id = ? order by line")
                .param(f.id())
                .query((rs, n) -> new MerchantFileReport.RejectedRow(
                        rs.getLong("line"), rs.getString("agency_id"), rs.getString("reason")))
                .list();
        return new MerchantFileReport(
                f.id(),
                f.sha256(),
                f.kind(),
                f.fileName(),
                f.encoding(),
                f.importedAt(),
                f.rows(),
                f.added(),
                f.changed(),
                f.unchanged(),
                f.closed(),
                f.rejected(),
                rows,
                f.warnings(),
                false);
    }

    private static Object[] values(Merchant m, Instant at) {
        String reason = null;
        Instant since = null;
        switch (m.status()) {
            case MerchantStatus.Suspended s -> {
                reason = s.reason();
                since = s.since();
            }
            case MerchantStatus.Closed c -> {
                reason = c.reason();
                since = c.since();
            }
            case MerchantStatus.Active a -> {
                // An active merchant has no reason and no date.
            }
        }
        SettlementAccount account = m.settlementAccount();
        return new Object[] {
            m.id().value(),
            m.agencyId(),
            m.businessNumber().digits(),
            m.nameKorean(),
            m.nameRomanised(),
            m.address(),
            m.townCode(),
            m.location() == null ? null : m.location().latitudeE7(),
            m.location() == null ? null : m.location().longitudeE7(),
            m.industry().name(),
            m.market(),
            m.revenueBand().name(),
            statusName(m.status()),
            reason,
            since == null ? null : utc(since),
            account == null ? null : account.bankCode(),
            account == null ? null : account.accountNumber(),
            account == null ? null : account.holderName(),
            utc(at)
        };
    }

    private static String statusName(MerchantStatus status) {
        return switch (status) {
            case MerchantStatus.Active a -> "ACTIVE";
            case MerchantStatus.Suspended s -> "SUSPENDED";
            case MerchantStatus.Closed c -> "CLOSED";
        };
    }

    private static Merchant merchant(ResultSet rs, int row) throws SQLException {
        int latitude = rs.getInt("latitude_e7");
        GeoPoint location = rs.wasNull() ? null : new GeoPoint(latitude, rs.getInt("longitude_e7"));
        OffsetDateTime since = rs.getObject("status_since", OffsetDateTime.class);
        MerchantStatus status = switch (rs.getString("status")) {
            case "SUSPENDED" -> new MerchantStatus.Suspended(rs.getString("status_reason"), since.toInstant());
            case "CLOSED" -> new MerchantStatus.Closed(rs.getString("status_reason"), since.toInstant());
            default -> MerchantStatus.ACTIVE;
        };
        String bankCode = rs.getString("bank_code");
        SettlementAccount account = bankCode == null
                ? null
                : new SettlementAccount(bankCode, rs.getString("account_number"), rs.getString("account_holder"));
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
                status,
                account);
    }

    private static MerchantFileReport file(ResultSet rs, int row) throws SQLException {
        String warnings = rs.getString("warnings");
        int rejected = rs.getInt("rejected");
        return new MerchantFileReport(
                rs.getString("id"),
                rs.getString("sha256"),
                MerchantFileKind.valueOf(rs.getString("kind")),
                rs.getString("file_name"),
                rs.getString("encoding"),
                rs.getObject("imported_at", OffsetDateTime.class).toInstant(),
                rs.getInt("row_count"),
                rs.getInt("added"),
                rs.getInt("changed"),
                rs.getInt("unchanged"),
                rs.getInt("closed"),
                rejected,
                List.of(),
                warnings.isEmpty() ? List.of() : Arrays.asList(warnings.split("\n")),
                false);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
