package io.logcast.gateway;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The gateway's packages follow the data path (docs/architecture.md, "Packages"): each may use only
 * the ones below it, and the graph has no cycle. A new dependency against the flow fails here.
 */
class ArchitectureTest {
  private static final String ROOT = "io.logcast.gateway";
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void packagesUseOnlyWhatIsBelowThemOnTheDataPath() {
    ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy(ROOT + ".cli..")
        .layer("node").definedBy(ROOT + ".node..")
        .layer("http").definedBy(ROOT + ".http..")
        .layer("admin").definedBy(ROOT + ".admin..")
        .layer("session").definedBy(ROOT + ".session..")
        .layer("sse").definedBy(ROOT + ".sse..")
        .layer("publish").definedBy(ROOT + ".publish..")
        .layer("history").definedBy(ROOT + ".history..")
        .layer("snapshot").definedBy(ROOT + ".snapshot..")
        .layer("live").definedBy(ROOT + ".live..")
        .layer("delivery").definedBy(ROOT + ".delivery..")
        .layer("catchup").definedBy(ROOT + ".catchup..")
        .layer("ws").definedBy(ROOT + ".ws..")
        .layer("log").definedBy(ROOT + ".log..")
        .layer("auth").definedBy(ROOT + ".auth..")
        .layer("metrics").definedBy(ROOT + ".metrics..")
        .layer("protocol").definedBy(ROOT + ".protocol..")
        .layer("config").definedBy(ROOT + ".config..")
        // the wire contract and the configuration are the ground everything stands on
        .whereLayer("config").mayNotAccessAnyLayer()
        .whereLayer("protocol").mayNotAccessAnyLayer()
        .whereLayer("metrics").mayOnlyAccessLayers("protocol")
        .whereLayer("auth").mayOnlyAccessLayers("config", "metrics", "protocol")
        // the log side: Kafka records and topics, then the catch-up readers
        .whereLayer("log").mayOnlyAccessLayers("config", "protocol")
        .whereLayer("catchup").mayOnlyAccessLayers("log", "config", "protocol")
        // the socket side: frames on the wire, then what a client is sent
        .whereLayer("ws").mayOnlyAccessLayers("auth", "metrics", "config", "protocol")
        .whereLayer("delivery").mayOnlyAccessLayers("ws", "catchup", "log", "metrics", "config", "protocol")
        // LogTail → Hub → Client → Transport: the live path feeds clients, never the other way
        .whereLayer("live").mayOnlyAccessLayers("delivery", "catchup", "log", "metrics", "config", "protocol")
        .whereLayer("publish").mayOnlyAccessLayers("log", "auth", "metrics", "config", "protocol")
        // history pages: the same checks as a subscribe, read by the catch-up pool
        .whereLayer("history").mayOnlyAccessLayers("catchup", "log", "auth", "metrics", "config", "protocol")
        // the latest record per key of compacted topics, read from the log's start by its own readers
        .whereLayer("snapshot").mayOnlyAccessLayers("log", "config", "metrics", "protocol")
        .whereLayer("session").mayOnlyAccessLayers("live", "publish", "delivery", "catchup", "snapshot", "ws", "log",
            "auth", "metrics", "config", "protocol")
        .whereLayer("sse").mayOnlyAccessLayers("live", "delivery", "catchup", "snapshot", "ws", "log", "auth", "metrics",
            "config", "protocol")
        .whereLayer("admin").mayOnlyAccessLayers("session", "live", "delivery", "catchup", "metrics", "config",
            "protocol")
        .whereLayer("http").mayOnlyAccessLayers("admin", "publish", "history", "ws", "log", "auth", "metrics",
            "config", "protocol")
        .whereLayer("node").mayOnlyAccessLayers("http", "admin", "session", "sse", "publish", "history", "snapshot",
            "live", "delivery", "catchup",
            "ws", "log", "auth", "metrics", "config", "protocol")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer();
    layers.check(MAIN);
  }
}
