package com.propertyhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers, each using only the ones below it: {@code app} (the wiring) on top, then the features
 * and the HTTP edge, then the realtime core, then persistence, then the shared helpers ({@code web}, {@code threads}).
 * Checked on the compiled main classes, so a fully qualified name counts as much as an import.
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

    @Test
    void lowerLayersNeverUseHigherOnes() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("com.propertyhub..")
                .layer("App").definedBy("com.propertyhub.app..")
                .layer("Features").definedBy(FEATURES)
                .layer("Realtime").definedBy("com.propertyhub.realtime..")
                .layer("Persistence").definedBy("com.propertyhub.persistence..")
                .layer("Base").definedBy("com.propertyhub.web..", "com.propertyhub.threads..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Realtime").mayOnlyBeAccessedByLayers("Features", "App")
                .whereLayer("Persistence").mayOnlyBeAccessedByLayers("Realtime", "Features", "App")
                .whereLayer("Base").mayOnlyBeAccessedByLayers("Persistence", "Realtime", "Features", "App")
                .check(main);
    }

    /** The realtime core knows who a stream's user is (auth's principal), and nothing else of the features. */
    @Test
    void theRealtimeCoreUsesNoFeatureButAuthentication() {
        noClasses().that().resideInAPackage("com.propertyhub.realtime..")
                .should().dependOnClassesThat().resideInAnyPackage(withoutAuth())
                .check(main);
    }

    /** Rooms, streams and delivery know nothing about Redis: the cluster bridge plugs in through the seams. */
    @Test
    void theRealtimeCoreKnowsNothingOfRedis() {
        noClasses().that().resideInAPackage("com.propertyhub.realtime")
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.propertyhub.realtime.redis..", "redis.clients..")
                .check(main);
    }

    private static String[] withoutAuth() {
        return Arrays.stream(FEATURES).filter(p -> !p.equals("com.propertyhub.auth..")).toArray(String[]::new);
    }
}
