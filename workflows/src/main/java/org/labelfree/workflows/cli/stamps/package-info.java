/**
 * The {@code labelfree stamps} commands: start here with {@link org.labelfree.workflows.cli.stamps.StampsCommand}.
 * {@code collect} merges the {@code stamp_shard} datasets of collections into one split training dataset (HDF5).
 * Errors are typed and become one message and an exit code (see {@link org.labelfree.workflows.cli.Main}).
 */
package org.labelfree.workflows.cli.stamps;
