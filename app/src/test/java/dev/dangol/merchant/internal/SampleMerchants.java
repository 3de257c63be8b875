package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundPhase;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Merchants and programs for the registry's tests. */
final class SampleMerchants {

    static final GeoPoint GWANGJANG_MARKET = new GeoPoint(375_700_280, 1_269_996_690);

    private SampleMerchants() {}

    /** A rice-cake shop in Gwangjang Market (Jongno-gu), revenue up to 800 million, active, with an account. */
    static Merchant riceCakeShop(String id, String agencyId, String businessNumber) {
        return new Merchant(
                MerchantId.of(id),
                agencyId,
                new BusinessNumber(businessNumber),
                "광장할매떡집",
                "Gwangjang Halmae Tteok",
                "서울특별시 종로구 창경궁로 88 광장시장",
                "11110",
                GWANGJANG_MARKET,
                Industry.RICE_CAKE,
                "광장시장",
                RevenueBand.UP_TO_800M,
                MerchantStatus.ACTIVE,
                new SettlementAccount("004", "12345678901", "김순자"));
    }

    static Merchant with(
            Merchant m, String townCode, Industry industry, String market, RevenueBand band, MerchantStatus status) {
        return new Merchant(
                m.id(),
                m.agencyId(),
                m.businessNumber(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                townCode,
                m.location(),
                industry,
                market,
                band,
                status,
                m.settlementAccount());
    }

    /** Programs in a map: just what the registry asks of them (a program by id). */
    static final class MapPrograms implements Programs {

        private final Map<ProgramId, Program> programs = new ConcurrentHashMap<>();

        @Override
        public Program define(Program program) {
            programs.put(program.id(), program);
            return program;
        }

        @Override
        public Optional<Program> program(ProgramId id) {
            return Optional.ofNullable(programs.get(id));
        }

        @Override
        public List<Program> programs() {
            return List.copyOf(programs.values());
        }

        @Override
        public Round schedule(Round round) {
            throw new UnsupportedOperationException("the registry's tests schedule no rounds");
        }

        @Override
        public Optional<Round> round(RoundId id) {
            return Optional.empty();
        }

        @Override
        public List<Round> rounds(ProgramId program) {
            return List.of();
        }

        @Override
        public Round setStatus(RoundId id, RoundStatus status) {
            throw new UnsupportedOperationException("the registry's tests schedule no rounds");
        }

        @Override
        public RoundBudget budget(RoundId id) {
            throw new UnsupportedOperationException("the registry's tests schedule no rounds");
        }

        @Override
        public RoundPhase phase(Round round) {
            throw new UnsupportedOperationException("the registry's tests schedule no rounds");
        }
    }
}
