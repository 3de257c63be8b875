package dev.dangol.demo.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.RoleGrants;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads a national and a regional program with a round each, and a few members, so that the embedded default can
 * be tried at once. Every step is idempotent: a restart finds everything in place and changes nothing.
 */
@Component
@ConditionalOnProperty(name = "dangol.demo.enabled", havingValue = "true")
class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final ProgramId SEOUL = ProgramId.of("seoul-love");
    static final MerchantId DEMO_SHOP = MerchantId.of("demo-shop-1");

    private final Programs programs;
    private final Citizens citizens;
    private final RoleGrants roles;
    private final MerchantMembers merchantMembers;

    DemoData(Programs programs, Citizens citizens, RoleGrants roles, MerchantMembers merchantMembers) {
        this.programs = programs;
        this.citizens = citizens;
        this.roles = roles;
        this.merchantMembers = merchantMembers;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Program onnuri = programs.define(ProgramDefaults.national(ONNURI, "디지털 온누리상품권"));
        Program seoul = programs.define(ProgramDefaults.regional(SEOUL, "서울사랑상품권", "11000"));
        programs.schedule(new Round(
                RoundId.of("onnuri-2026-11"),
                onnuri.id(),
                "온누리 2026년 11월",
                Money.krw(100_000_000_000L),
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                Money.krw(2_000_000),
                onnuri.discountBasisPoints(),
                RoundStatus.ACTIVE));
        programs.schedule(new Round(
                RoundId.of("seoul-2026-r1"),
                seoul.id(),
                "서울사랑상품권 2026 1차",
                Money.krw(25_000_000_000L),
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                Money.krw(400_000),
                seoul.discountBasisPoints(),
                RoundStatus.ACTIVE));
        List<Citizen> members = List.of(
                citizens.register("김민준", "010-1000-0001"),
                citizens.register("이서연", "010-1000-0002"),
                citizens.register("박지호", "010-1000-0003"));
        // The demo operator signs in like anyone else, by verifying this name and number.
        Citizen operator = citizens.register("최운영", "010-1000-0009");
        roles.replace(operator.id(), Set.of(Role.OPERATOR));
        // The demo shop's owner acts for the rice-cake shop the merchant registry's demo registers.
        Citizen shopOwner = citizens.register("한가게", "010-1000-0005");
        roles.replace(shopOwner.id(), Set.of(Role.MERCHANT));
        merchantMembers.link(shopOwner.id(), DEMO_SHOP);
        LOG.info(
                "Demo data ready: programs onnuri and seoul-love, rounds onnuri-2026-11 and seoul-2026-r1, members {},"
                        + " operator {} (최운영, {}), shop owner {} (한가게, {}) of {}",
                members.stream().map(c -> c.id() + " (" + c.phone() + ")").toList(),
                operator.id(),
                operator.phone(),
                shopOwner.id(),
                shopOwner.phone(),
                DEMO_SHOP);
    }
}
