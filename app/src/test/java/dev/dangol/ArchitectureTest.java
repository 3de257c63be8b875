package dev.dangol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The shape of the code: capabilities as modules, a domain free of frameworks, money as whole won. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dangol");

    /**
     * Adapters are the classes that may use frameworks: JDBC and Redis stores, HTTP clients and servers, Spring
     * configuration, web controllers, the problem advice and the demo loader. They are recognised by name so that an adapter sits beside the domain class
     * it serves.
     */
    private static final DescribedPredicate<JavaClass> ADAPTER = DescribedPredicate.describe(
            "an adapter (Jdbc*, Redis*, Http*, *Configuration, *Controller, *Advice, *Server, DemoData,"
                    + " DangolApplication)",
            c -> {
                JavaClass top = c;
                while (top.getEnclosingClass().isPresent()) {
                    top = top.getEnclosingClass().get();
                }
                return top.getSimpleName()
                                .matches("Jdbc.*|Redis.*|Http.*|.*Configuration|.*Controller|.*Advice|.*Server|DemoData"
                                        + "|DangolApplication")
                        || top.getSimpleName().equals("package-info");
            });

    @Test
    void capabilitiesAreModulesThatOnlyUseEachOthersApi() {
        ApplicationModules.of(DangolApplication.class).verify();
    }

    @Test
    void domainCodeUsesNoFramework() {
        noClasses()
                .that(DescribedPredicate.not(ADAPTER))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..",
                        "tools.jackson..",
                        "com.fasterxml..",
                        "io.micrometer..",
                        "io.lettuce..",
                        "org.slf4j..")
                .check(MAIN);
    }

    @Test
    void moneyIsNeverFloatingPointOrBigDecimal() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(BigDecimal.class)
                .check(MAIN);
        fields().should()
                .notHaveRawType(double.class)
                .andShould()
                .notHaveRawType(float.class)
                .check(MAIN);
        methods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("dev.dangol..")
                .should()
                .notHaveRawReturnType(double.class)
                .andShould()
                .notHaveRawReturnType(float.class)
                .check(MAIN);
    }

    @Test
    void timeAndRandomnessArePassedIn() {
        noClasses()
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callConstructor(Random.class)
                .check(MAIN);
    }

    @Test
    void namesSayWhatThingsAreInTheDomainsWords() {
        classes()
                .should()
                .haveSimpleNameNotEndingWith("Impl")
                .andShould()
                .haveSimpleNameNotEndingWith("Helper")
                .andShould()
                .haveSimpleNameNotEndingWith("Util")
                .andShould()
                .haveSimpleNameNotEndingWith("Utils")
                .andShould()
                .haveSimpleNameNotEndingWith("Manager")
                .andShould()
                .haveSimpleNameNotEndingWith("Dto")
                .check(MAIN);
    }
}
