/**
 * The real/bogus classifier commands: {@code labelfree train}, {@code labelfree evaluate} and {@code labelfree
 * score}, thin picocli fronts on {@link org.labelfree.training.run.RealBogusRuns}.
 */
package org.labelfree.workflows.cli.rb;
