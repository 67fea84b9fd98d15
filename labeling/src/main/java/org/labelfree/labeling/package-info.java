/**
 * Matching DIA sources to injections, labels, DIA-object association and stamp cutting. Nothing here yet: the
 * labelling issue builds it.
 */
package org.labelfree.labeling;
