/**
 * The {@code labelfree} command line (picocli). Start here: {@link org.labelfree.workflows.cli.Main}; one class per
 * subcommand ({@code InfoCommand}, {@code WcsCommand}, ...). Commands parse options and call the science modules;
 * they hold no science themselves.
 */
package org.labelfree.workflows.cli;
