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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merchants in the {@code merchant} and {@code merchant_alias} tables (V6), imports in {@code merchant_file} (V6_3),
 * and the registry's changes in commit order in {@code merchant_change} (V12).
 *
 * <p>Every transaction that writes merchants tags them with an id of its own and, as its last statement, records one
 * change under the next number of {@code merchant_change_clock}, whose row stays locked until the transaction ends:
 * so a change's number follows commit order, even across nodes. Writers on all nodes queue only for that last
 * moment, not for their whole transaction.
 */
final class JdbcMerchantStore implements MerchantStore, MerchantChanges {

    private static final int BY_BUSINESS_NUMBER_MAX = 100;
    /** Changes this node made that it remembers, so that it does not read them back (see {@link #madeHere}). */
    private static final int MADE_HERE_MAX = 10_000;

    private static final String INSERT = "insert into merchant (id, agency_id, business_number, name_korean,"
            + " name_romanised, address, town_code, latitude_e7, longitude_e7, industry, market, revenue_band, status,"
            + " status_reason, status_since, bank_code, account_number, account_holder, updated_at, change_txn,"
            + " version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
    private static final String UPDATE = "update merchant set agency_id = ?, business_number = ?, name_korean = ?,"
            + " name_romanised = ?, address = ?, town_code = ?, latitude_e7 = ?, longitude_e7 = ?, industry = ?,"
            + " market = ?, revenue_band = ?, status = ?, status_reason = ?, status_since = ?, bank_code = ?,"
            + " account_number = ?, account_holder = ?, updated_at = ?, change_txn = ?, version = version + 1"
            + " where id = ?";
    private static final String ADD_ALIAS = "insert into merchant_alias (alias, merchant_id, since) values (?, ?, ?)";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final boolean postgres;
    /** The transaction this thread is in, if it is inside {@link #atomically}. */
    private final ThreadLocal<Writing> writing = new ThreadLocal<>();
    /** Transactions this store committed, oldest first, at most {@value #MADE_HERE_MAX}. */
    private final Map<String, Boolean> madeHere = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MADE_HERE_MAX;
        }
    });

    JdbcMerchantStore(DataSource dataSource, TransactionTemplate transactions) {
        this.template = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(template);
        this.transactions = transactions;
        this.postgres = "PostgreSQL".equals(template.execute((ConnectionCallback<String>)
                connection -> connection.getMetaData().getDatabaseProductName()));
    }

    /**
     * On PostgreSQL, plans every statement for its parameters until the transaction ends. A master-data import looks
     * up 500 agency ids at a time in a table that grows from nothing within the same transaction; the driver prepares
     * the look-up once it has run five times, and PostgreSQL may then keep a generic plan made while the table was
     * almost empty, a sequential scan, for the whole import: measured, 135 s instead of 8.6 s for 100,000 rows.
     */
    @Override
    public void beginBulkChange() {
        if (postgres) {
            jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
        }
    }

    /** What one transaction has written so far. */
    private static final class Writing {
        final String txn = UUID.randomUUID().toString();
        int merchants;
        Instant at;

        void wrote(int count, Instant when) {
            merchants += count;
            if (at == null || when.isAfter(at)) {
                at = when;
            }
        }
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        if (writing.get() != null) {
            // Already inside this thread's transaction: the work joins it.
            return work.get();
        }
        Writing current = new Writing();
        writing.set(current);
        try {
            T result = transactions.execute(status -> {
                T done = work.get();
                if (current.merchants > 0) {
                    recordChange(current);
                }
                return done;
            });
            if (current.merchants > 0) {
                madeHere.put(current.txn, Boolean.TRUE);
            }
            return result;
        } finally {
            writing.remove();
        }
    }

    /** Takes the next change number, which stays locked until the transaction ends, and records the change. */
    private void recordChange(Writing current) {
        jdbc.sql("update merchant_change_clock set last_seq = last_seq + 1 where id = 1")
                .update();
        long seq = jdbc.sql("select last_seq from merchant_change_clock where id = 1")
                .query(Long.class)
                .single();
        jdbc.sql("insert into merchant_change (seq, txn, changed_at, merchants) values (?, ?, ?, ?)")
                .params(seq, current.txn, utc(current.at), current.merchants)
                .update();
    }

    /** Runs a write in the current transaction, or in one of its own if there is none, and counts it. */
    private void write(int merchants, Instant at, Consumer<String> statement) {
        Writing current = writing.get();
        if (current == null) {
            atomically(() -> {
                write(merchants, at, statement);
                return null;
            });
            return;
        }
        statement.accept(current.txn);
        current.wrote(merchants, at);
    }

    @Override
    public long newest() {
        return jdbc.sql("select last_seq from merchant_change_clock where id = 1")
                .query(Long.class)
                .single();
    }

    @Override
    public List<Change> after(long seq, int limit) {
        return jdbc.sql(
                        "select seq, txn, changed_at, merchants from merchant_change where seq > ? order by seq limit ?")
                .params(seq, limit)
                .query((rs, row) -> new Change(
                        rs.getLong("seq"),
                        rs.getString("txn"),
                        rs.getObject("changed_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("merchants")))
                .list();
    }

    @Override
    public List<Merchant> writtenBy(String txn, MerchantId after, int limit) {
        if (after == null) {
            return jdbc.sql("select * from merchant where change_txn = ? order by id limit ?")
                    .params(txn, limit)
                    .query(JdbcMerchantStore::merchant)
                    .list();
        }
        return jdbc.sql("select * from merchant where change_txn = ? and id > ? order by id limit ?")
                .params(txn, after.value(), limit)
                .query(JdbcMerchantStore::merchant)
                .list();
    }

    /**
     * Deletes the oldest changes made before {@code before}, at most {@code limit}; returns how many. Only the record
     * of the change goes: the merchants stay as they are, and a node that starts later fills its index from them.
     */
    int pruneChanges(Instant before, int limit) {
        OffsetDateTime cutoff = utc(before);
        Long upTo = jdbc.sql("select max(seq) from (select seq from merchant_change where changed_at < ? order by seq"
                        + " limit ?) oldest")
                .params(cutoff, limit)
                .query(Long.class)
                .optional()
                .orElse(null);
        if (upTo == null) {
            return 0;
        }
        return jdbc.sql("delete from merchant_change where seq <= ? and changed_at < ?")
                .params(upTo, cutoff)
                .update();
    }

    @Override
    public boolean madeHere(String txn) {
        return madeHere.containsKey(txn);
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
    public List<Listing> listings(MerchantId after, int limit) {
        return jdbc.sql("select id, agency_id, status from merchant where id > ? order by id limit ?")
                .params(after == null ? "" : after.value(), limit)
                .query((rs, row) -> new Listing(
                        MerchantId.of(rs.getString("id")),
                        rs.getString("agency_id"),
                        rs.getString("status").equals("CLOSED")))
                .list();
    }

    @Override
    public List<Merchant> merchants(Collection<MerchantId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from merchant where id in (:ids) order by id")
                .param("ids", ids.stream().map(MerchantId::value).toList())
                .query(JdbcMerchantStore::merchant)
                .list();
    }

    @Override
    public void insert(Merchant m, Instant at) {
        insertAll(List.of(m), at);
    }

    @Override
    public void insertAll(List<Merchant> merchants, Instant at) {
        if (merchants.isEmpty()) {
            return;
        }
        write(merchants.size(), at, txn -> {
            List<Object[]> rows = new ArrayList<>(merchants.size());
            for (Merchant m : merchants) {
                Object[] values = values(m, at);
                Object[] row = Arrays.copyOf(values, values.length + 1);
                row[values.length] = txn;
                rows.add(row);
            }
            template.batchUpdate(INSERT, rows);
        });
    }

    @Override
    public void update(Merchant m, Instant at) {
        updateAll(List.of(m), at);
    }

    @Override
    public void updateAll(List<Merchant> merchants, Instant at) {
        if (merchants.isEmpty()) {
            return;
        }
        write(merchants.size(), at, txn -> {
            List<Object[]> rows = new ArrayList<>(merchants.size());
            for (Merchant m : merchants) {
                Object[] values = values(m, at);
                Object[] row = new Object[values.length + 1];
                // The id goes last, after the columns set and the transaction's tag.
                System.arraycopy(values, 1, row, 0, values.length - 1);
                row[values.length - 1] = txn;
                row[values.length] = values[0];
                rows.add(row);
            }
            int[] counts = template.batchUpdate(UPDATE, rows);
            for (int i = 0; i < counts.length; i++) {
                // A driver may answer "done, count unknown" (-2) for a batch; PostgreSQL and H2 give the count.
                if (counts[i] == 0) {
                    throw new IllegalStateException(
                            "merchant " + merchants.get(i).id() + " does not exist");
                }
            }
        });
    }

    @Override
    public void addAlias(String alias, MerchantId merchant, Instant at) {
        addAliases(List.of(new Alias(alias, merchant)), at);
    }

    @Override
    public void addAliases(List<Alias> aliases, Instant at) {
        if (aliases.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(aliases.size());
        for (Alias alias : aliases) {
            rows.add(new Object[] {alias.alias(), alias.merchant().value(), utc(at)});
        }
        template.batchUpdate(ADD_ALIAS, rows);
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
        List<Object[]> rows = new ArrayList<>(r.rejections().size());
        for (MerchantFileReport.RejectedRow row : r.rejections()) {
            rows.add(new Object[] {r.id(), row.line(), row.agencyId(), row.reason()});
        }
        if (!rows.isEmpty()) {
            template.batchUpdate(
                    "insert into merchant_file_rejection (file_id, line, agency_id, reason) values (?, ?, ?, ?)", rows);
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
