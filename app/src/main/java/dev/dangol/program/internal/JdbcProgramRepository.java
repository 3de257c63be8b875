package dev.dangol.program.internal;

import dev.dangol.program.FundingMethod;
import dev.dangol.program.MerchantRule;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramKind;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Programs and rounds in SQL. */
final class JdbcProgramRepository implements ProgramRepository {

    private final JdbcClient jdbc;

    JdbcProgramRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Program insertIfAbsent(Program p) {
        Optional<Program> existing = program(p.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.sql("insert into program (id, name, kind, town_code, discount_bp, monthly_limit, card_monthly_limit,"
                            + " holding_cap, purchase_unit, validity_months, cancel_window_days, cancel_any_time,"
                            + " refund_used_bp, refund_small_max, refund_small_used_bp, refund_net_of_discount,"
                            + " refund_funding, gifts_enabled, gift_monthly_limit, gift_funding,"
                            + " merchant_market_required, merchant_towns, merchant_revenue_cap,"
                            + " merchant_excluded_industries)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            p.id().value(),
                            p.name(),
                            p.kind().name(),
                            p.townCode(),
                            p.discountBasisPoints(),
                            p.monthlyPurchaseLimit().krw(),
                            p.cardMonthlyLimit().krw(),
                            p.holdingCap().krw(),
                            p.purchaseUnit().krw(),
                            p.validityMonths(),
                            p.cancellation().windowDays(),
                            p.cancellation().anyTimeWhileUnused(),
                            p.partialRefund().usedShareBasisPoints(),
                            p.partialRefund().smallFaceValueMax().krw(),
                            p.partialRefund().smallUsedShareBasisPoints(),
                            p.partialRefund().netOfDiscount(),
                            funding(p.partialRefund().funding()),
                            p.gifts().enabled(),
                            p.gifts().monthlyReceiptLimit().krw(),
                            funding(p.gifts().giftableFunding()),
                            p.merchants().marketRequired(),
                            codes(p.merchants().towns()),
                            p.merchants().annualRevenueCap() == null
                                    ? null
                                    : p.merchants().annualRevenueCap().krw(),
                            codes(p.merchants().excludedIndustries()))
                    .update();
            return p;
        } catch (DuplicateKeyException raced) {
            return program(p.id()).orElseThrow();
        }
    }

    @Override
    public Optional<Program> program(ProgramId id) {
        return jdbc.sql("select * from program where id = ?")
                .param(id.value())
                .query(JdbcProgramRepository::program)
                .optional();
    }

    @Override
    public List<Program> programs() {
        return jdbc.sql("select * from program order by id")
                .query(JdbcProgramRepository::program)
                .list();
    }

    @Override
    public Round insertIfAbsent(Round r) {
        Optional<Round> existing = round(r.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.sql("insert into sale_round (id, program_id, name, budget, opens_at, closes_at, per_person_cap,"
                            + " discount_bp, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            r.id().value(),
                            r.programId().value(),
                            r.name(),
                            r.budget().krw(),
                            OffsetDateTime.ofInstant(r.opensAt(), ZoneOffset.UTC),
                            r.closesAt() == null ? null : OffsetDateTime.ofInstant(r.closesAt(), ZoneOffset.UTC),
                            r.perPersonCap().krw(),
                            r.discountBasisPoints(),
                            r.status().name())
                    .update();
            return r;
        } catch (DuplicateKeyException raced) {
            return round(r.id()).orElseThrow();
        }
    }

    @Override
    public Optional<Round> round(RoundId id) {
        return jdbc.sql("select * from sale_round where id = ?")
                .param(id.value())
                .query(JdbcProgramRepository::round)
                .optional();
    }

    @Override
    public List<Round> rounds(ProgramId program) {
        return jdbc.sql("select * from sale_round where program_id = ? order by opens_at, id")
                .param(program.value())
                .query(JdbcProgramRepository::round)
                .list();
    }

    @Override
    public void updateStatus(RoundId id, RoundStatus status) {
        jdbc.sql("update sale_round set status = ? where id = ?")
                .params(status.name(), id.value())
                .update();
    }

    private static Program program(ResultSet rs, int row) throws SQLException {
        ProgramKind kind = ProgramKind.valueOf(rs.getString("kind"));
        String townCode = rs.getString("town_code");
        // Null for a program defined before rules for merchants were stored: it keeps the default of its kind.
        boolean marketRequired = rs.getBoolean("merchant_market_required");
        MerchantRule merchants = rs.wasNull()
                ? MerchantRule.defaultFor(kind, townCode)
                : new MerchantRule(
                        marketRequired,
                        codes(rs.getString("merchant_towns")),
                        revenueCap(rs),
                        codes(rs.getString("merchant_excluded_industries")));
        return new Program(
                ProgramId.of(rs.getString("id")),
                rs.getString("name"),
                kind,
                townCode,
                rs.getInt("discount_bp"),
                Money.krw(rs.getLong("monthly_limit")),
                Money.krw(rs.getLong("card_monthly_limit")),
                Money.krw(rs.getLong("holding_cap")),
                Money.krw(rs.getLong("purchase_unit")),
                rs.getInt("validity_months"),
                new Program.CancellationRule(rs.getInt("cancel_window_days"), rs.getBoolean("cancel_any_time")),
                new Program.PartialRefundRule(
                        rs.getInt("refund_used_bp"),
                        Money.krw(rs.getLong("refund_small_max")),
                        rs.getInt("refund_small_used_bp"),
                        rs.getBoolean("refund_net_of_discount"),
                        funding(rs.getString("refund_funding"))),
                new Program.GiftRule(
                        rs.getBoolean("gifts_enabled"),
                        Money.krw(rs.getLong("gift_monthly_limit")),
                        funding(rs.getString("gift_funding"))),
                merchants);
    }

    private static Money revenueCap(ResultSet rs) throws SQLException {
        long cap = rs.getLong("merchant_revenue_cap");
        return rs.wasNull() ? null : Money.krw(cap);
    }

    private static String codes(Set<String> codes) {
        return codes.stream().sorted().collect(Collectors.joining(","));
    }

    private static Set<String> codes(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Set.of(text.split(","));
    }

    private static Round round(ResultSet rs, int row) throws SQLException {
        OffsetDateTime closes = rs.getObject("closes_at", OffsetDateTime.class);
        return new Round(
                RoundId.of(rs.getString("id")),
                ProgramId.of(rs.getString("program_id")),
                rs.getString("name"),
                Money.krw(rs.getLong("budget")),
                rs.getObject("opens_at", OffsetDateTime.class).toInstant(),
                closes == null ? null : closes.toInstant(),
                Money.krw(rs.getLong("per_person_cap")),
                rs.getInt("discount_bp"),
                RoundStatus.valueOf(rs.getString("status")));
    }

    private static String funding(Set<FundingMethod> methods) {
        return methods.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<FundingMethod> funding(String text) {
        EnumSet<FundingMethod> methods = EnumSet.noneOf(FundingMethod.class);
        if (!text.isBlank()) {
            Arrays.stream(text.split(",")).map(FundingMethod::valueOf).forEach(methods::add);
        }
        return methods;
    }
}
