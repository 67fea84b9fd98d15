/**
 * The {@code labelfree injection} commands on a data repository, the counterparts of LSST source_injection's
 * command-line tools: start here with {@link org.labelfree.workflows.cli.injection.InjectionCommand}.
 * {@code make-catalog} runs the {@code make_injection_catalog} task of the bundled pipeline alone (through the same
 * machinery as {@code pipetask run}); {@code ingest} registers user catalogues (CSV or Parquet) as
 * {@code injection_catalog} datasets, which {@code inject_visit} then consumes. Errors are typed and become one
 * message and an exit code (see {@link org.labelfree.workflows.cli.Main}).
 */
package org.labelfree.workflows.cli.injection;
