package com.propertyhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers, each using only the ones below it: {@code app} (the wiring) on top, then the features
 * and the HTTP edge, then the realtime core, then {@code identity} (who a caller is), then persistence, then the
 * shared helpers ({@code web}, {@code threads}). Packages of one layer may use each other, but no two packages
 * (nor a package and one of its subpackages) use each other both ways. Checked on the compiled main classes, so a
 * fully qualified name counts as much as an import.
 */
class ArchitectureTest {
    private static final String[] FEATURES = {"com.propertyhub.account..", "com.propertyhub.activity..",
            "com.propertyhub.auth..", "com.propertyhub.customer..", "com.propertyhub.health..",
            "com.propertyhub.maintenance..", "com.propertyhub.notification..", "com.propertyhub.openapi..",
            "com.propertyhub.ops..", "com.propertyhub.payment..", "com.propertyhub.presence..",
            "com.propertyhub.property..", "com.propertyhub.user.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.propertyhub");
    }

    /**
     * The realtime core knows who a caller is ({@code identity}) and nothing of the features, sign-in included:
     * what it needs of sign-in it declares itself ({@code CurrentUsers}, {@code StreamCredentials}).
     */
    @Test
    void lowerLayersNeverUseHigherOnes() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("com.propertyhub..")
                .layer("App").definedBy("com.propertyhub.app..")
                .layer("Features").definedBy(FEATURES)
                .layer("Realtime").definedBy("com.propertyhub.realtime..")
                .layer("Identity").definedBy("com.propertyhub.identity..")
                .layer("Persistence").definedBy("com.propertyhub.persistence..")
                .layer("Base").definedBy("com.propertyhub.web..", "com.propertyhub.threads..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Features").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Realtime").mayOnlyBeAccessedByLayers("Features", "App")
                .whereLayer("Identity").mayOnlyBeAccessedByLayers("Realtime", "Features", "App")
                .whereLayer("Persistence").mayOnlyBeAccessedByLayers("Identity", "Realtime", "Features", "App")
                .whereLayer("Base").mayOnlyBeAccessedByLayers("Persistence", "Identity", "Realtime", "Features", "App")
                .check(main);
    }

    /** Within a layer too (features use each other): every package and subpackage is its own slice. */
    @Test
    void noPackagesUseEachOther() {
        slices().matching("com.propertyhub.(**)").should().beFreeOfCycles().check(main);
    }

    /** Rooms, streams and delivery know nothing about Redis: the cluster bridge plugs in through the seams. */
    @Test
    void theRealtimeCoreKnowsNothingOfRedis() {
        noClasses().that().resideInAPackage("com.propertyhub.realtime")
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.propertyhub.realtime.redis..", "redis.clients..")
                .check(main);
    }
}
