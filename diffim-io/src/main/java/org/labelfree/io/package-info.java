/** Small file-system helpers shared by the format packages. Start here: {@link org.labelfree.io.AtomicFiles}. */
package org.labelfree.io;
