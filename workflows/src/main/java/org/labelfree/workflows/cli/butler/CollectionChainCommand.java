package org.labelfree.workflows.cli.butler;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.repo.CollectionInfo;
import org.labelfree.pipeline.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler collection-chain REPO PARENT CHILD...}: defines the CHAINED collection PARENT (created if
 * new) as the ordered search path CHILD... (replacing its previous members), as Gen3's {@code collection-chain} in
 * its default "redefine" mode. Children may be given as several arguments or comma-separated.
 */
@Command(name = "collection-chain", mixinStandardHelpOptions = true,
    description = "Define a CHAINED collection PARENT as the ordered search path CHILD...")
final class CollectionChainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "The repository.")
  Path repo;

  @Parameters(index = "1", paramLabel = "PARENT", description = "The CHAINED collection.")
  String parent;

  @Parameters(index = "2..*", arity = "1..*", paramLabel = "CHILD", description = "Its members, in search order.")
  List<String> children;

  @Option(names = "--json", description = "Print the chain as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (Repository r = Repository.open(repo)) {
      r.registry().setChain(parent, Cli.commaList(children));
      CollectionInfo c = r.registry().getCollection(parent);
      if (json) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.type().name());
        m.put("children", c.children());
        Cli.printJson(spec.commandLine().getOut(), m);
      } else {
        spec.commandLine().getOut().println(c.name() + " = [" + String.join(", ", c.children()) + "]");
      }
    }
    return 0;
  }
}
