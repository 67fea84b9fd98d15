/**
 * The {@code labelfree butler} commands on a data repository, named as LSST Gen3's {@code butler} tool: start here
 * with {@link org.labelfree.workflows.cli.butler.ButlerCommand}. {@code create}, {@code ingest-files} (data IDs from
 * {@code --data-id} or FITS header cards), {@code query-datasets}, {@code query-collections}, {@code query-data-ids},
 * {@code collection-chain} and {@code remove-runs}; every printing command has {@code --json}. The commands only
 * parse, call {@link org.labelfree.pipeline.repo.Repository} and print; errors are typed repository or query
 * exceptions that {@link org.labelfree.workflows.cli.Main} turns into one message and an exit code.
 */
package org.labelfree.workflows.cli.butler;
